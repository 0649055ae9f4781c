using System.Runtime.InteropServices;
using SlackEmulator;

// Standalone: `dotnet run --project src/SlackEmulator [--url http://127.0.0.1:3090] [--bot-token ...] [--signing-secret ...]`.
// Settings come from arguments first, then SLACK_EMULATOR_* environment variables, then the defaults.
var defaults = new EmulatorSettings();
var settings = new EmulatorSettings
{
    Url = Setting("url", "SLACK_EMULATOR_URL") ?? defaults.Url,
    BotToken = Setting("bot-token", "SLACK_EMULATOR_BOT_TOKEN") ?? defaults.BotToken,
    SigningSecret = Setting("signing-secret", "SLACK_EMULATOR_SIGNING_SECRET") ?? defaults.SigningSecret,
    BotUserId = Setting("bot-user-id", "SLACK_EMULATOR_BOT_USER_ID") ?? defaults.BotUserId,
    TeamId = Setting("team-id", "SLACK_EMULATOR_TEAM_ID") ?? defaults.TeamId,
};

await using var slack = await EmulatedSlack.StartAsync(settings);
slack.Workspace.AddUser("UALICE", "alice", "Alice Example", "+1 555 0100");
slack.Workspace.AddUser("UBOB", "bob", "Bob Example", "+44 20 7946 0000", "Europe/London", 0);

Console.WriteLine($"Slack emulator API: {slack.ApiBaseUrl}");
Console.WriteLine($"Bot token: {settings.BotToken}  Signing secret: {settings.SigningSecret}  Bot user: {settings.BotUserId}");
Console.WriteLine("Press Ctrl+C to stop.");

// Ctrl+C and SIGTERM (docker stop, timeout) both end the run, then `await using` stops the server.
using var stop = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Asked to stop.
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

string? Setting(string name, string environmentVariable)
{
    var index = Array.IndexOf(args, "--" + name);
    if (index >= 0 && index + 1 < args.Length) return args[index + 1];
    return Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } value ? value : null;
}

// Internal on purpose: the bot's tests reference both this assembly and the bot, and need `Program` to mean the bot's.
internal sealed partial class Program;
