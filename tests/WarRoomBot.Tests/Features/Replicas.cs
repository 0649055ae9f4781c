using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Scheduling;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Publishing;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Two bot replicas, A and B, as a load balancer would run them: each its own host on Kestrel, both on one PostgreSQL
/// database, one Slack workspace (the emulator) and one fake clock. Everything A says to PostgreSQL and to Slack goes
/// through a <see cref="TcpProxy"/> of its own, so A can be killed as a process dies: <see cref="KillAAsync"/>.
/// </summary>
internal sealed class Replicas : IAsyncDisposable
{
    /// <summary>How A's sessions name themselves to PostgreSQL, so the test can see which advisory locks are A's.</summary>
    public const string ApplicationNameOfA = "warroom-replica-a";

    private Replicas(PostgresTestDatabase database, EmulatedSlack slack, FakeTimeProvider time, TcpProxy postgresOfA, TcpProxy slackOfA, Replica a, Replica b)
    {
        Database = database;
        Slack = slack;
        Time = time;
        PostgresOfA = postgresOfA;
        SlackOfA = slackOfA;
        A = a;
        B = b;
    }

    public PostgresTestDatabase Database { get; }

    public EmulatedSlack Slack { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The network between A and PostgreSQL.</summary>
    public TcpProxy PostgresOfA { get; }

    /// <summary>The network between A and Slack: its Web API calls and its posts to response URLs.</summary>
    public TcpProxy SlackOfA { get; }

    public Replica A { get; }

    public Replica B { get; }

    /// <summary>The shared store, as B reads it (after A is killed, B is the only one left to ask).</summary>
    public ICrisisStore Store => B.Services.GetRequiredService<ICrisisStore>();

    /// <param name="seed">Adds to the emulated workspace before the replicas start, and returns settings both get that name what it added.</param>
    public static async Task<Replicas> StartAsync(Func<Workspace, Dictionary<string, string?>>? seed = null)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var slack = await EmulatedSlack.StartAsync();
        slack.Workspace.AddUser(WarRoomApp.Alice, "alice", "Alice Moreau", phone: "+1 555 0100");
        slack.Workspace.AddUser(WarRoomApp.Bob, "bob", "Bob Chen", phone: null);
        slack.Workspace.AddUser(WarRoomApp.Carol, "carol", "Carol Diaz", phone: "+44 20 7946 0000");
        slack.Workspace.AddUser(WarRoomApp.Dave, "dave", "Dave Exec", phone: null);
        slack.Workspace.AddChannel("general", creator: WarRoomApp.Alice);
        var time = new FakeTimeProvider(WarRoomApp.Start);

        var server = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        var postgresOfA = TcpProxy.To(server.Host!, server.Port);
        var slackOfA = TcpProxy.To(slack.BaseUrl.Host, slack.BaseUrl.Port);
        var slackThroughProxy = new UriBuilder(slack.BaseUrl) { Port = slackOfA.Port }.Uri;

        var shared = new Dictionary<string, string?>
        {
            ["Slack:BotToken"] = slack.Settings.BotToken,
            ["Slack:SigningSecret"] = slack.Settings.SigningSecret,
            ["Storage:Provider"] = StorageOptions.Postgres,
            ["WarRoom:DefaultResponders:0"] = WarRoomApp.Carol,
            ["WarRoom:DefaultExecutives:0"] = WarRoomApp.Dave,
        };
        foreach (var (key, value) in seed?.Invoke(slack.Workspace) ?? [])
            shared[key] = value;
        var a = Replica.Start("A", slack, time, new Dictionary<string, string?>(shared)
        {
            ["Slack:ApiBaseUrl"] = new Uri(slackThroughProxy, "api/").AbsoluteUri,
            ["Storage:ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString)
            {
                Host = "127.0.0.1",
                Port = postgresOfA.Port,
                ApplicationName = ApplicationNameOfA,
            }.ConnectionString,
        }, services =>
            // Slack hands out response URLs on its own address: A reaches those through its proxy too.
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new Redirect(slack.BaseUrl, slackThroughProxy))));
        var b = Replica.Start("B", slack, time, new Dictionary<string, string?>(shared)
        {
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.AbsoluteUri,
            ["Storage:ConnectionString"] = database.ConnectionString,
        }, configure: null);

        // The replicas' start-up token checks (auth.test) are not something a test's own steps caused.
        slack.Workspace.ForgetCalls();
        return new Replicas(database, slack, time, postgresOfA, slackOfA, a, b);
    }

    /// <summary>
    /// Lets the given replicas run the clock and publish together until the store has nothing left unpublished: replicas
    /// that take turns at a room may each leave the other's turn for later, so a round can end with work still owed.
    /// </summary>
    public async Task SettleAsync(params Replica[] replicas)
    {
        for (var round = 1; round <= 10; round++)
        {
            await Task.WhenAll(replicas.Select(r => r.SettleAsync()));
            if ((await Store.UnpublishedAsync(null, 100, CancellationToken.None)).Count == 0)
                return;
        }

        var left = await Store.UnpublishedAsync(null, 100, CancellationToken.None);
        throw new InvalidOperationException($"Crises still unpublished after ten rounds: {string.Join(", ", left)}.");
    }

    /// <summary>The crises whose room leases A's sessions hold now, from PostgreSQL's own lock table.</summary>
    public async Task<IReadOnlyList<(int Space, int Crisis)>> LeasesOfAAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new NpgsqlCommand(
            """
            SELECT l.classid::bigint, l.objid::bigint FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.granted AND a.application_name = $1 AND a.datname = current_database()
            """, connection);
        select.Parameters.AddWithValue(ApplicationNameOfA);
        var leases = new List<(int, int)>();
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            leases.Add(((int)reader.GetInt64(0), (int)reader.GetInt64(1)));
        return leases;
    }

    /// <summary>
    /// Kills A as a process dies: its connections to PostgreSQL and Slack are reset and none can be made again, then its
    /// host is disposed (it can no longer reach anything). Returns once PostgreSQL has freed <paramref name="leases"/>:
    /// taking each in turn waits exactly as long as the server takes to notice that A's sessions are gone.
    /// </summary>
    public async Task KillAAsync(IReadOnlyList<(int Space, int Crisis)> leases)
    {
        PostgresOfA.Kill();
        SlackOfA.Kill();
        await A.DisposeAsync();

        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using (var bound = new NpgsqlCommand("SET lock_timeout = '30s'", connection))
            await bound.ExecuteNonQueryAsync();
        foreach (var (space, crisis) in leases)
        {
            await using var take = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2), pg_advisory_unlock($1, $2)", connection);
            take.Parameters.AddWithValue(space);
            take.Parameters.AddWithValue(crisis);
            await take.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await PostgresOfA.DisposeAsync();
        await SlackOfA.DisposeAsync();
        await Slack.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Sends what is addressed to one host and port to another, as a network route would.</summary>
    private sealed class Redirect(Uri from, Uri to) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri && uri.Authority == from.Authority)
                request.RequestUri = new UriBuilder(uri) { Host = to.Host, Port = to.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>One replica: the real bot host on Kestrel, with the shared clock, store and Slack, and Slack's client to it.</summary>
internal sealed class Replica : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> host;
    private int disposed;

    private Replica(string name, WebApplicationFactory<Program> host, SlackSender sender)
    {
        Name = name;
        this.host = host;
        Sender = sender;
    }

    public string Name { get; }

    public SlackSender Sender { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>Every command this replica answered, in order.</summary>
    public List<CommandReply> Answered { get; } = [];

    public static Replica Start(string name, EmulatedSlack slack, FakeTimeProvider time, Dictionary<string, string?> settings, Action<IServiceCollection>? configure)
    {
        var host = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
                web.UseSetting(key, value);
            web.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
                configure?.Invoke(services);
            });
        });
        host.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        host.StartServer();
        return new Replica(name, host, slack.SenderTo(host.CreateClient(), time));
    }

    /// <summary>Types <c>/crisis {text}</c> in <paramref name="channel"/> as <paramref name="user"/>; this replica answers.</summary>
    public async Task<CommandReply> CrisisAsync(string text, string channel, string user = WarRoomApp.Alice)
    {
        var reply = await Sender.SlashCommandAsync(user, channel, text);
        Answered.Add(reply);
        return reply;
    }

    /// <summary>What <see cref="WarRoomApp.SettleAsync"/> does, on this replica.</summary>
    public async Task SettleAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Services.GetRequiredService<SlackSideTasks>().DrainAsync(timeout.Token);
        await Services.GetRequiredService<CrisisClockScheduler>().RunAllDueAsync(timeout.Token);
        await Services.GetRequiredService<SlackPublisher>().DrainAsync(timeout.Token);
        await Services.GetRequiredService<SlackSideTasks>().DrainAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
            await host.DisposeAsync();
    }

    public override string ToString() => $"replica {Name}";
}
