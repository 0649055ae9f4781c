using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using WarRoomBot;
using WarRoomBot.Features.Debrief;
using WarRoomBot.Features.Watch;
using WarRoomBot.Sandbox;
using WarRoomBot.Slack;
using WarRoomBot.Storage;

// Operators' commands on the crisis store (a copy, a support case import), not the bot: nothing of the host is built for them.
if (args is ["store", .. var rest])
{
    // A copy takes minutes on a large store: Ctrl+C stops it between two crises and says what that leaves behind.
    using var copyStop = StopSignal.Listen();
    return await StoreCopy.RunAsync(rest, Console.Out, Console.Error, copyStop.Requested);
}

if (args is ["cases", .. var cases])
    return await CaseImportCommand.RunAsync(cases, Console.Out, Console.Error, CancellationToken.None);

// From here on, Ctrl+C and SIGTERM stop the bot in order, whenever they come (StopSignal).
using var stop = StopSignal.Listen();
var (flags, settings) = StartupChoice.SplitFlags(args);
SandboxHost? sandbox = null;

// No configuration reload: the LiteDB file lives under the content root, and the file watcher that reload needs
// would wake on every write to it.
var builder = WebApplication.CreateBuilder([.. settings, "--hostBuilder:reloadConfigOnChange=false"]);

// Framework noise stays below warnings, so what an operator reads is the bot's own lines. These sit beneath every
// other configuration source: any Logging:LogLevel setting still wins.
builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
{
    InitialData = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:System.Net.Http"] = "Warning",
        ["Logging:LogLevel:Quartz"] = "Warning",
    },
});

// A setup mistake is not a crash: name what to fix in one line and stop before anything starts.
var choice = StartupChoice.Decide(builder.Configuration, builder.Environment.IsDevelopment(), flags);
if (choice.Problems.Count > 0)
    return await CannotStartAsync(string.Join(" ", choice.Problems));

if (choice.Mode == StartupMode.Sandbox)
{
    try
    {
        sandbox = await SandboxHost.StartAsync(builder, choice.Fresh);
    }
    catch (SandboxUnavailableException e)
    {
        return await CannotStartAsync(e.Message);
    }

}

builder.Services.AddSingleton<IHostLifetime>(stop);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCrisisStore(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSlack(builder.Configuration);
if (sandbox is not null)
    builder.Services.AddSandboxTime(sandbox.Clock);
builder.Services.AddCrisisFeatures(builder.Configuration);
builder.Services.AddSupportCases();
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

var app = builder.Build();

// The store is opened before anything starts: one that cannot be written, or that another process holds, stops here.
try
{
    app.Services.GetRequiredService<ICrisisStore>();
}
catch (StoreUnavailableException e)
{
    return await CannotStartAsync(e.Message);
}

// Settings that are present but wrong (a negative lead time, a name where a user id belongs) are named in one line too;
// reading them here, rather than letting the host validate them as it starts, keeps its stack trace off the console.
try
{
    _ = app.Services.GetRequiredService<IOptions<WarRoomOptions>>().Value;
}
catch (OptionsValidationException e)
{
    await app.DisposeAsync();
    return await CannotStartAsync(string.Join(" ", e.Failures));
}

// A token Slack refuses stops here too; a Slack that cannot be reached does not (the check goes on in the background).
var tokenCheck = app.Services.GetRequiredService<SlackTokenCheck>();
string? refused;
try
{
    refused = await tokenCheck.RefusalAsync(stop.Requested);
}
catch (OperationCanceledException) when (stop.Requested.IsCancellationRequested)
{
    return await StopBeforeStartAsync();
}

if (refused is not null)
{
    // Releases the store for whoever starts next in this process.
    await app.DisposeAsync();
    return await CannotStartAsync(refused);
}

StopSignal.Announce(app.Lifetime, app.Services.GetRequiredService<ILogger<StopSignal>>());
app.MapSlack();
app.MapDebrief();
app.MapSupportCases();
app.MapHealthChecks("/healthz");
if (stop.Requested.IsCancellationRequested)
    return await StopBeforeStartAsync();

try
{
    await app.StartAsync();

    // A stop asked for while the host started is carried out below: the page's address would be an invitation to nothing.
    if (sandbox is not null && !stop.Requested.IsCancellationRequested)
    {
        sandbox.Connect(app);
        Console.WriteLine(sandbox.Banner);
    }

    await app.WaitForShutdownAsync(stop.Requested);
    await app.DisposeAsync();
}
finally
{
    // After the bot: the emulated Slack keeps what the bot posted until the very end, then saves it.
    if (sandbox is not null)
        await sandbox.DisposeAsync();
}

return tokenCheck.RefusedAfterStart ? 1 : 0;

// Asked to stop before it started: what was opened is closed, as a stop after start would, and that is a normal end.
async Task<int> StopBeforeStartAsync()
{
    await app.DisposeAsync();
    if (sandbox is not null)
        await sandbox.DisposeAsync();
    return 0;
}

async Task<int> CannotStartAsync(string problem)
{
    await Console.Error.WriteLineAsync($"WarRoomBot cannot start: {problem}");
    if (sandbox is not null)
        await sandbox.DisposeAsync();
    return 1;
}

