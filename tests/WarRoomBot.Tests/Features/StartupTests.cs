using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SlackEmulator;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Manifest;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// What an operator sees when the bot cannot start, or is stopped while it starts: the built program run as its own
/// process, as in production, with its one line on standard error and its exit code.
/// </summary>
public sealed class StartupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-startup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_database_whose_folder_cannot_be_written_stops_start_up_with_one_line_naming_it()
    {
        await using var slack = await EmulatedSlack.StartAsync();
        var blocker = Path.Combine(folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var database = Path.Combine(blocker, "warroom.litedb");

        var run = await RunBotAsync(slack, database);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"WarRoomBot cannot start: the crisis store {database} (Storage:ConnectionString) cannot be written: The file '{blocker}' already exists.",
            run.OnlyErrorLine);
    }

    [Fact]
    public async Task A_default_data_folder_that_cannot_be_written_is_named_as_the_folder_under_the_content_root()
    {
        await using var slack = await EmulatedSlack.StartAsync();
        var data = Path.Combine(folder, "data");
        await File.WriteAllTextAsync(data, "");

        var run = await RunBotAsync(slack, database: null);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"WarRoomBot cannot start: the crisis store {Path.Combine(data, "warroom.litedb")} (the default data folder under the content root; " +
            $"Storage:ConnectionString moves it) cannot be written: The file '{data}' already exists.",
            run.OnlyErrorLine);
    }

    [Fact]
    public async Task An_upgraded_bot_that_finds_only_the_sqlite_file_of_an_earlier_release_stops_with_one_line_giving_the_command_that_moves_it()
    {
        await using var slack = await EmulatedSlack.StartAsync();
        var data = Directory.CreateDirectory(Path.Combine(folder, "data")).FullName;
        var (old, lite) = (Path.Combine(data, "warroom.db"), Path.Combine(data, "warroom.litedb"));
        OldSqliteFile.Write(old, []);

        var run = await RunBotAsync(slack, database: null);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            $"WarRoomBot cannot start: the crisis store {lite} (the default data folder under the content root; Storage:ConnectionString moves it) "
            + $"does not exist yet, but {old}, the SQLite file of an earlier release, does: SQLite is no longer a store of the bot, so it would start "
            + $"with an empty record. Move the old file first with `dotnet run --project src/WarRoomBot -- store copy --from sqlite:{old} --to litedb:{lite}`.",
            run.OnlyErrorLine);
        Assert.False(File.Exists(lite));
    }

    [Fact]
    public async Task Storage_provider_sqlite_stops_start_up_with_one_line_giving_the_command_that_moves_its_file()
    {
        await using var slack = await EmulatedSlack.StartAsync();
        var old = Path.Combine(folder, "crises.db");

        var run = await RunBotAsync(slack, $"Data Source={old}", settings: new() { ["Storage__Provider"] = "Sqlite" });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "WarRoomBot cannot start: Storage:Provider 'Sqlite': SQLite is no longer a store of the bot; keep the record in LiteDb (the default) or Postgres. "
            + $"Move the old file with `dotnet run --project src/WarRoomBot -- store copy --from sqlite:{old} --to litedb:{Path.Combine(folder, "data", "warroom.litedb")}`, "
            + "then remove Storage:Provider and Storage:ConnectionString.",
            run.OnlyErrorLine);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_second_process_on_the_same_store_is_refused_with_one_line_pointing_to_postgresql()
    {
        var database = Path.Combine(folder, "warroom.litedb");
        await using var app = await WarRoomApp.StartAsync(new() { ["Storage:ConnectionString"] = database });

        var run = await RunBotAsync(app.Slack, database);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(InUse(database), run.OnlyErrorLine);
        Assert.Contains("Opening crisis 1", (await app.CrisisAsync("open Checkout freezes")).Text);
    }

    [Fact]
    public async Task A_restarted_bot_takes_its_store_back_and_a_second_process_is_still_refused()
    {
        var database = Path.Combine(folder, "warroom.litedb");
        await using var app = await WarRoomApp.StartAsync(new() { ["Storage:ConnectionString"] = database });
        await app.CrisisAsync("open Checkout freezes");

        await app.RestartAsync();
        var second = await app.CrisisAsync("open Payments time out");
        var run = await RunBotAsync(app.Slack, database);

        Assert.Contains("Opening crisis 2", second.Text);
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync("/healthz")).StatusCode);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(InUse(database), run.OnlyErrorLine);
    }

    [Fact]
    public async Task A_token_Slack_refuses_stops_start_up_with_one_line_naming_the_setting()
    {
        await using var slack = await EmulatedSlack.StartAsync();

        var run = await RunBotAsync(slack, Path.Combine(folder, "warroom.litedb"), token: "xoxb-revoked-long-ago");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "WarRoomBot cannot start: Slack refused Slack:BotToken (invalid_auth). Set it (environment variable Slack__BotToken) " +
            "to the app's Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page.",
            run.OnlyErrorLine);
        Assert.DoesNotContain("xoxb-revoked-long-ago", run.Output + run.Errors);
    }

    [Fact]
    public async Task Wrong_settings_stop_start_up_with_one_line_naming_each()
    {
        await using var slack = await EmulatedSlack.StartAsync();

        var run = await RunBotAsync(slack, Path.Combine(folder, "warroom.litedb"), settings: new()
        {
            ["WarRoom__DefaultResponders__0"] = "@carol",
            ["WarRoom__Deadlines__ReminderLead"] = "-00:05:00",
            ["WarRoom__Owner__AcceptWithin"] = "00:00:10",
            ["WarRoom__HeadlineChannel"] = "#crisis-headlines",
            ["WarRoom__Watch__Channel"] = "#customer-watch",
            ["WarRoom__Watch__PostAt"] = "half past nine",
            ["WarRoom__Watch__TimeZone"] = "Paris",
        });

        Assert.Equal(1, run.ExitCode);
        var line = run.OnlyErrorLine;
        Assert.StartsWith("WarRoomBot cannot start: ", line);
        Assert.Contains("WarRoom:DefaultResponders must list Slack user ids such as U012AB3CD", line);
        Assert.Contains("WarRoom:Deadlines:ReminderLead must not be negative", line);
        Assert.Contains("WarRoom:Owner:AcceptWithin must be at least a minute", line);
        Assert.Contains("WarRoom:HeadlineChannel must be a channel id (e.g. C0123HEAD, from the channel's details in Slack), not a name", line);
        Assert.Contains("WarRoom:Watch:Channel must be a channel id (e.g. C0123WATCH, from the channel's details in Slack), not a name", line);
        Assert.Contains("WarRoom:Watch:PostAt must be a time of day such as 09:00 or 17:30.", line);
        Assert.Contains("WarRoom:Watch:TimeZone must be a time zone id such as UTC or Europe/Paris.", line);
    }

    [Fact]
    public async Task A_Slack_that_cannot_be_reached_is_logged_and_does_not_stop_start_up()
    {
        var logs = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(
            new() { ["Slack:ApiBaseUrl"] = $"http://127.0.0.1:{ClosedPort()}/api/" },
            logs.AddTo);

        var ack = await app.CrisisAsync("open Checkout freezes");

        Assert.Contains("Opening crisis 1", ack.Text);
        Assert.Equal(HttpStatusCode.OK, (await app.Bot.GetAsync("/healthz")).StatusCode);
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning
            && l.Message.StartsWith("Slack could not be reached to check Slack:BotToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_published_bot_with_no_settings_in_Production_stops_naming_both_settings_and_the_sandbox()
    {
        var published = Path.Combine(folder, "published");
        var publish = await RunAsync("dotnet", folder, [],
            "publish", Path.Combine(RepoPaths.RepoRoot, "src", "WarRoomBot", "WarRoomBot.csproj"), "--no-build", "-c", BuiltConfiguration, "-o", published);
        Assert.True(publish.ExitCode == 0, publish.Output + publish.Errors);

        var run = await RunAsync("dotnet", folder, new() { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.Combine(published, "WarRoomBot.dll"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "WarRoomBot cannot start: Slack:BotToken is missing. Set it (environment variable Slack__BotToken) to the app's Bot User OAuth Token. " +
            "Slack:SigningSecret is missing. Set it (environment variable Slack__SigningSecret) to the app's Signing Secret. " +
            "To try the bot without Slack, run it with --sandbox (or in Development, where it is the default).",
            run.OnlyErrorLine);
        Assert.False(Directory.Exists(Path.Combine(folder, "data")), "A bot that refuses to start must leave nothing behind.");
    }

#if DEBUG
    private const string BuiltConfiguration = "Debug";
#else
    private const string BuiltConfiguration = "Release";
#endif

    /// <summary>
    /// Runs a program in <paramref name="workingDirectory"/> (the bot's content root) to its end, configured through
    /// environment variables as in production, with the machine's own Slack settings removed.
    /// </summary>
    private static Task<BotRun> RunAsync(string program, string workingDirectory, Dictionary<string, string> environment, params string[] arguments) =>
        RunAsync(program, workingDirectory, environment, arguments, meanwhile: null);

    /// <summary>As above; <paramref name="meanwhile"/> runs once the program has started, with its process.</summary>
    private static async Task<BotRun> RunAsync(
        string program, string workingDirectory, Dictionary<string, string> environment, string[] arguments, Func<Process, Task>? meanwhile)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Slack__", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (meanwhile is not null)
            await meanwhile(process);

        // Everything run here ends by itself (a refusal, a publish); one that runs on is stopped, and the test fails.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{program} {string.Join(' ', arguments)} ran on instead of ending. Its output:\n{await output}{await errors}");
        }

        return new BotRun(process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task A_sandbox_whose_port_is_taken_stops_with_one_line_naming_the_port_and_the_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await RunAsync("dotnet", folder, [], Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll"), "--sandbox", $"--Sandbox:Port={port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(
            $@"^WarRoomBot cannot start: the sandbox's page cannot listen on port {port} \(Sandbox:Port\): [^\n]*[^.]\. Stop what uses it, or choose another port, e\.g\. --Sandbox:Port=5090\.$",
            run.OnlyErrorLine);
    }

    [Fact]
    public async Task A_bot_stopped_while_it_asks_Slack_about_its_token_ends_in_order_and_leaves_its_store_free()
    {
        await using var slack = await EmulatedSlack.StartAsync();
        slack.Faults.HangAfterApplying("auth.test");
        var database = Path.Combine(folder, "warroom.litedb");

        // The bot waits for Slack's answer before its host starts: the stop comes before the bot's host could hear it.
        var run = await RunBotAsync(slack, database, meanwhile: async bot =>
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await slack.Faults.WaitForHangAsync(patience.Token);
            await SignalAsync(bot, "TERM");
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Errors);
        Assert.DoesNotContain("   at ", run.Output);
        using var next = EmbeddedStoreLock.Acquire(database, "Storage:ConnectionString");
    }

    [Fact]
    public async Task A_sandbox_stopped_with_ctrl_c_while_it_starts_ends_instead_of_running_on()
    {
        // The store's lock appears once the sandbox's page is up and before the bot's host starts.
        var data = Directory.CreateDirectory(Path.Combine(folder, "data", "sandbox")).FullName;
        var storeOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(data, "warroom.litedb.lock") { EnableRaisingEvents = true };
        watcher.Created += (_, _) => storeOpened.TrySetResult();

        var run = await RunAsync("dotnet", folder, [], [Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll"), "--sandbox", "--Sandbox:Port=0"], async sandbox =>
        {
            await storeOpened.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await SignalAsync(sandbox, "INT");
        });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Errors);
        Assert.DoesNotContain("   at ", run.Output);
    }

    private static string InUse(string database) =>
        $"WarRoomBot cannot start: the crisis store {database} (Storage:ConnectionString) is in use by another WarRoomBot process, " +
        $"which holds {database}.lock. The embedded store serves one process; several processes (replicas) share a PostgreSQL " +
        "store (Storage:Provider Postgres). Stop the other process, or give this one a database of its own.";

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Runs the built bot in <see cref="folder"/> (its content root) until it exits, configured through environment
    /// variables as in production. A bot that starts instead of refusing is stopped after a while, and the test fails.
    /// </summary>
    private Task<BotRun> RunBotAsync(
        EmulatedSlack slack, string? database, string? token = null, Dictionary<string, string>? settings = null, Func<Process, Task>? meanwhile = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Slack__BotToken"] = token ?? slack.Settings.BotToken,
            ["Slack__SigningSecret"] = slack.Settings.SigningSecret,
            ["Slack__ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
        };
        if (database is not null)
            environment["Storage__ConnectionString"] = database;
        foreach (var (name, value) in settings ?? [])
            environment[name] = value;
        return RunAsync("dotnet", folder, environment, [Path.Combine(AppContext.BaseDirectory, "WarRoomBot.dll")], meanwhile);
    }

    /// <summary>What a terminal's Ctrl+C (INT) or a service manager's stop (TERM) sends.</summary>
    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private sealed record BotRun(int ExitCode, string Output, string Errors)
    {
        /// <summary>Standard error, which must be exactly one line; no stack trace anywhere.</summary>
        public string OnlyErrorLine
        {
            get
            {
                Assert.DoesNotContain("   at ", Output + Errors);
                var lines = Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return Assert.Single(lines);
            }
        }
    }
}
