using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.Watch;
using WarRoomBot.Slack;
using WarRoomBot.Storage;
using WarRoomBot.Tests.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 15: <c>POST /support/cases</c> brings the support desk's cases to the watch list, to a request with the configured
/// token only; a bad batch is refused whole, naming every bad case, and a case id already stored is an update.
/// </summary>
public sealed class SupportCasesEndpointTests
{
    private const string Token = "s3cret-cases-token";

    private const string TwoCases = """
        {"cases":[
          {"id":"CS-1","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z","closed":null},
          {"id":"CS-2","customer":"Globex","priority":"P3","opened":"2026-11-21T10:00:00+01:00"}
        ]}
        """;

    private static readonly SupportCase Cs1 = new("CS-1", "Acme Retail", CasePriority.P1, new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), null);
    private static readonly SupportCase Cs2 = new("CS-2", "Globex", CasePriority.P3, new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), null);

    private static Dictionary<string, string?> WithToken(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["WarRoom:Watch:CasesToken"] = Token };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Without_a_token_configured_the_endpoint_is_off_and_stores_nothing()
    {
        await using var app = await WarRoomApp.StartAsync();

        using var response = await PostAsync(app, TwoCases, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await StoredAsync(app));
    }

    [Fact]
    public async Task A_missing_or_wrong_token_gets_401_asking_for_the_bearer_token_and_the_right_one_stores_the_batch()
    {
        await using var app = await WarRoomApp.StartAsync(WithToken());

        using var missing = await PostAsync(app, TwoCases, token: null);
        using var wrong = await PostAsync(app, TwoCases, Token + "x");
        var storedBeforeRight = await StoredAsync(app);
        using var right = await PostAsync(app, TwoCases, Token);

        foreach (var refused in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
            Assert.Equal("send the support cases token (WarRoom:Watch:CasesToken) as Authorization: Bearer <token>.", await ErrorAsync(refused));
        }

        Assert.Empty(storedBeforeRight);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("""{"added":2,"updated":0}""", await right.Content.ReadAsStringAsync());
        Assert.Equal([Cs1, Cs2], await StoredAsync(app));
    }

    [Fact]
    public async Task A_case_id_already_stored_is_an_update_and_an_id_twice_in_a_batch_is_one_case_as_last_reported()
    {
        await using var app = await WarRoomApp.StartAsync(WithToken());
        using var first = await PostAsync(app, TwoCases, Token);

        using var second = await PostAsync(app, """
            {"cases":[
              {"id":"CS-1","customer":"Acme Retail","priority":"p2","opened":"2026-11-20T09:00:00Z","closed":"2026-11-22T17:30:00Z"},
              {"id":"CS-3","customer":"Initech","priority":4,"opened":"2026-11-23T08:00:00Z"},
              {"id":"CS-3","customer":"Initech","priority":2,"opened":"2026-11-23T08:00:00Z"}
            ]}
            """, Token);

        Assert.Equal("""{"added":1,"updated":1}""", await second.Content.ReadAsStringAsync());
        Assert.Equal(
            [
                Cs1 with { Priority = CasePriority.P2, Closed = new DateTimeOffset(2026, 11, 22, 17, 30, 0, TimeSpan.Zero) }, Cs2,
                new SupportCase("CS-3", "Initech", CasePriority.P2, new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), null),
            ],
            await StoredAsync(app));
    }

    [Fact]
    public async Task A_batch_with_bad_cases_is_refused_whole_listing_each_bad_case_with_what_is_wrong_and_the_right_form()
    {
        await using var app = await WarRoomApp.StartAsync(WithToken());
        using var before = await PostAsync(app, TwoCases, Token);

        using var response = await PostAsync(app, """
            {"cases":[
              {"id":"CS-1","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z","closed":"2026-11-25T09:00:00Z"},
              {"id":"CS-7","customer":"Acme Retail","priority":"urgent","opened":"20/11/2026"},
              {"customer":"  ","priority":2,"opened":"2026-11-20T09:00:00"},
              {"id":"CS-9","customer":"Globex","priority":5,"opened":"2026-11-20T09:00:00Z","closed":"2026-11-19T09:00:00Z"},
              {"id":"CS-10","customer":"Initech","priority":"P2","opened":"2026-11-20T09:00:00Z"}
            ]}
            """, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("3 of 5 cases are not valid; nothing was stored. Fix them and send the whole batch again.", body.RootElement.GetProperty("error").GetString());
        Assert.Equal(
            [
                "1 CS-7: priority 'urgent' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent) | "
                + "opened '20/11/2026' is not a date: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00",
                "2 -: id is missing: give the support desk's case id, e.g. CS-1 | customer is missing: give the customer's name, e.g. Acme Retail | "
                + "opened '2026-11-20T09:00:00' has no offset: give a date and time in ISO 8601 with an offset, e.g. 2026-11-20T09:00:00Z or 2026-11-20T10:00:00+01:00",
                "3 CS-9: priority '5' is not a priority: give 1 to 4 or P1 to P4 (1 is the most urgent) | "
                + "closed '2026-11-19T09:00:00Z' is before opened '2026-11-20T09:00:00Z': a case closes after it opens",
            ],
            body.RootElement.GetProperty("cases").EnumerateArray().Select(c =>
                $"{c.GetProperty("index").GetInt32()} {c.GetProperty("id").GetString() ?? "-"}: "
                + string.Join(" | ", c.GetProperty("problems").EnumerateArray().Select(p => p.GetString()))));

        // Neither the update of CS-1 nor the good new CS-10 was kept.
        Assert.Equal([Cs1, Cs2], await StoredAsync(app));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""[{"id":"CS-1"}]""")]
    [InlineData("""{"case":[]}""")]
    [InlineData("""{"cases":{"id":"CS-1"}}""")]
    public async Task A_body_that_is_not_a_batch_of_cases_is_refused_with_an_example(string json)
    {
        await using var app = await WarRoomApp.StartAsync(WithToken());

        using var response = await PostAsync(app, json, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """the body is not a batch of cases: send JSON such as {"cases":[{"id":"CS-1","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z","closed":null}]}.""",
            await ErrorAsync(response));
        Assert.Empty(await StoredAsync(app));
    }

    [Fact]
    public async Task A_store_that_cannot_be_written_answers_503_with_retry_after_and_keeps_nothing_and_the_batch_sent_again_is_stored()
    {
        var disk = new FullDisk();
        var folder = Directory.CreateTempSubdirectory("warroom-cases-");
        try
        {
            await PostWhileTheDiskIsFullAndAgainAsync(disk, folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task PostWhileTheDiskIsFullAndAgainAsync(FullDisk disk, string folder)
    {
        await using var app = await WarRoomApp.StartAsync(WithToken(), replaceServices: services =>
        {
            services.RemoveAll<ICrisisStore>();
            services.AddSingleton<ICrisisStore>(sp => new LiteDbCrisisStore(
                Path.Combine(folder, "warroom.litedb"), sp.GetRequiredService<TimeProvider>(),
                () => sp.GetRequiredService<IOptions<WarRoomOptions>>().Value.ToClockPolicy(), "Storage:ConnectionString", LiteDbCrisisStore.DefaultCheckpointPages, disk.Open));
        });

        disk.Fill(leaving: 0);
        using var refused = await PostAsync(app, TwoCases, Token);
        disk.Free();
        var storedWhileFull = await StoredAsync(app);
        using var again = await PostAsync(app, TwoCases, Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("the crisis store could not be written; nothing was stored. Send the whole batch again later.", await ErrorAsync(refused));
        Assert.Empty(storedWhileFull);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([Cs1, Cs2], await StoredAsync(app));
    }

    [Fact]
    public async Task A_batch_over_the_byte_or_case_limit_gets_413_naming_the_limit_and_stores_nothing()
    {
        await using var app = await WarRoomApp.StartAsync(WithToken(("WarRoom:Watch:CasesMaxBytes", "2048"), ("WarRoom:Watch:CasesMaxCount", "2")));
        var many = string.Join(",", Enumerable.Range(1, 3).Select(i => $$"""{"id":"CS-{{i}}","customer":"Acme Retail","priority":1,"opened":"2026-11-20T09:00:00Z"}"""));
        var large = string.Join(",", Enumerable.Range(1, 2).Select(i => $$"""{"id":"CS-{{i}}","customer":"{{new string('A', 1100)}}","priority":1,"opened":"2026-11-20T09:00:00Z"}"""));

        using var tooMany = await PostAsync(app, $$"""{"cases":[{{many}}]}""", Token);
        using var tooLarge = await PostAsync(app, $$"""{"cases":[{{large}}]}""", Token);
        using var unsized = await PostAsync(app, $$"""{"cases":[{{large}}]}""", Token, declareLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal("the batch holds 3 cases; send at most 2 per request (WarRoom:Watch:CasesMaxCount), in several batches.", await ErrorAsync(tooMany));
        foreach (var refused in new[] { tooLarge, unsized })
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            Assert.Equal("the batch is larger than 2048 bytes (WarRoom:Watch:CasesMaxBytes): send the cases in several smaller batches.", await ErrorAsync(refused));
        }

        Assert.Empty(await StoredAsync(app));
    }

    [Theory]
    [InlineData("WarRoom:Watch:HighPriority", "P5", "WarRoom:Watch:HighPriority must be a case priority, 1 to 4 or P1 to P4 (e.g. P1): cases of it or more urgent count as long open.")]
    [InlineData("WarRoom:Watch:CasesInWindow", "0", "WarRoom:Watch:CasesInWindow must be at least 1 (e.g. 5).")]
    [InlineData("WarRoom:Watch:Window", "00:10:00", "WarRoom:Watch:Window must be at least one hour (e.g. 14.00:00:00).")]
    [InlineData("WarRoom:Watch:LongOpenAfter", "00:00:00", "WarRoom:Watch:LongOpenAfter must be at least one minute (e.g. 2.00:00:00).")]
    [InlineData("WarRoom:Watch:LongOpenCases", "0", "WarRoom:Watch:LongOpenCases must be at least 1 (e.g. 1).")]
    [InlineData("WarRoom:Watch:CasesMaxBytes", "100", "WarRoom:Watch:CasesMaxBytes must be from 1024 to 30000000 bytes (e.g. 1048576).")]
    [InlineData("WarRoom:Watch:CasesMaxCount", "0", "WarRoom:Watch:CasesMaxCount must be at least 1 (e.g. 5000).")]
    public void A_watch_setting_that_cannot_work_fails_the_start_up_check_naming_the_setting(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        using var services = new ServiceCollection().AddCrisisFeatures(configuration).AddSupportCases().BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WarRoomOptions>>().Value);

        Assert.Equal([message], failure.Failures);
    }

    [Fact]
    public void The_thresholds_come_from_the_settings_and_default_to_the_documented_ones()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WarRoom:Watch:CasesInWindow"] = "7", ["WarRoom:Watch:Window"] = "30.00:00:00", ["WarRoom:Watch:HighPriority"] = "2",
            ["WarRoom:Watch:LongOpenAfter"] = "1.00:00:00", ["WarRoom:Watch:LongOpenCases"] = "3",
        }).Build();
        using var services = new ServiceCollection().AddCrisisFeatures(configuration).AddSupportCases().BuildServiceProvider();

        Assert.Equal(
            new WatchThresholds(7, TimeSpan.FromDays(30), CasePriority.P2, TimeSpan.FromDays(1), 3),
            services.GetRequiredService<IOptions<WarRoomOptions>>().Value.Watch.ToThresholds());
        Assert.Equal(WatchThresholds.Default, new WarRoomOptions().Watch.ToThresholds());
    }

    private static async Task<HttpResponseMessage> PostAsync(WarRoomApp app, string json, string? token, bool declareLength = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "support/cases");
        var bytes = Encoding.UTF8.GetBytes(json);
        request.Content = declareLength ? new ByteArrayContent(bytes) : new StreamContent(new UnsizedStream(bytes));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.Bot.SendAsync(request);
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString();
    }

    private static async Task<SupportCase[]> StoredAsync(WarRoomApp app) =>
        [.. (await app.Services.GetRequiredService<ISupportCaseStore>().RecentOrOpenAsync(DateTimeOffset.MinValue, CancellationToken.None))
            .OrderBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>A body sent in chunks with no declared length, as a streaming client sends it: the limit must hold while reading.</summary>
    private sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
