using Microsoft.Extensions.DependencyInjection;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Issue 11, "close every gap" end to end: facts with their sources, questions until answered, requests made of the
/// customer, the parking lot and time spent, typed in a crisis's channels of a sev1 crisis opened by Alice, who owns it.
/// </summary>
public sealed class CrisisRecordTests
{
    // ---------------------------------------------------------------- facts

    [Fact]
    public async Task A_fact_is_recorded_posted_for_the_engineers_and_after_a_restart_listed_in_the_digest_with_its_source()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.CrisisAsync("fact only stores on firmware 4.2 freeze source the POS inventory export", WarRoomApp.Carol);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith(":pushpin: Recorded *F1*: only stores on firmware 4.2 freeze _(source: the POS inventory export)_.", reply.Text);
        var post = Assert.Single(room.InTech("*F1*"));
        Assert.Contains("*Source:* the POS inventory export · recorded by <@U0CAROL>", post.VisibleText);

        await room.App.RestartAsync();
        await room.App.AdvanceAsync(TimeSpan.FromMinutes(30));

        var digest = Assert.Single(room.InBiz("business update 1"));
        Assert.Contains("• F1: only stores on firmware 4.2 freeze _(source: the POS inventory export)_", digest.VisibleText);
        Assert.Single(room.InTech("*F1*"));
        Assert.Equal(
            [new CrisisEvent.FactRecorded(new FactId(1), "only stores on firmware 4.2 freeze", "the POS inventory export", new UserId(WarRoomApp.Carol), WarRoomApp.Start)],
            (await TimelineAsync(room)).OfType<CrisisEvent.FactRecorded>());
    }

    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze", "A fact needs its source")]
    [InlineData("fact only stores on firmware 4.2 freeze source", "A fact needs its source")]
    [InlineData("fact source the POS inventory export", "The fact is missing")]
    [InlineData("fact", "Say what we know and how we know it.")]
    public async Task A_fact_without_its_source_or_statement_is_refused_privately_with_the_usage_and_records_nothing(string command, string expected)
    {
        await using var room = await DeadlineRoom.OpenAsync();
        var reply = await room.CrisisAsync(command);
        await room.App.SettleAsync();

        Assert.True(reply.IsEphemeral);
        Assert.StartsWith($":x: {expected}", reply.Text);
        Assert.Contains("`/crisis fact &lt;statement&gt; source &lt;how we know&gt;`", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.OnTheRecord>());
        Assert.Empty(room.InTech("*F1*"));
    }

    [Theory]
    [InlineData("fact only stores on firmware 4.2 freeze source the POS inventory export", "fact")]
    [InlineData("question did the freezes start before Tuesday's release?", "question")]
    [InlineData("answer Q1 no source the incident log", "answer")]
    public async Task Typed_outside_the_crisis_channels_it_is_refused_and_says_where_it_works(string command, string verb)
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var reply = await room.App.CrisisAsync(command, WarRoomApp.Carol);

        Assert.Equal($":x: `/crisis {verb}` works in a crisis's technical or business channel, so it goes on that crisis's record. Run it there.", reply.Text);
        Assert.Empty((await TimelineAsync(room)).OfType<CrisisEvent.OnTheRecord>());
    }

    // ---------------------------------------------------------------- questions

    [Fact]
    public async Task A_question_stays_open_in_status_across_a_restart_until_answered_with_its_source_and_is_answered_once()
    {
        await using var room = await DeadlineRoom.OpenAsync();

        var asked = await room.App.CrisisAsync("question did the freezes start before Tuesday's release?", WarRoomApp.Carol, room.Biz);
        await room.App.SettleAsync();
        Assert.StartsWith(":grey_question: Opened *Q1*: did the freezes start before Tuesday's release?", asked.Text);
        Assert.Single(room.InTech("*Q1* did the freezes start"));
        Assert.Contains("• Q1 did the freezes start before Tuesday's release? · asked by <@U0CAROL>", await StatusTextAsync(room));

        await room.App.RestartAsync();
        var noSource = await room.CrisisAsync("answer Q1 no, the first freeze was Monday", WarRoomApp.Bob);
        Assert.StartsWith(":x: An answer needs its source", noSource.Text);
        Assert.Contains("Q1 did the freezes start", await StatusTextAsync(room));

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(10));
        var answered = await room.CrisisAsync("answer Q1 no, the first freeze was Monday source the store 12 incident log", WarRoomApp.Bob);
        await room.App.SettleAsync();
        Assert.StartsWith(":white_check_mark: *Q1* answered", answered.Text);
        Assert.Contains("No question is open now.", answered.Text);
        Assert.Contains("None. Every question has its answer.", await StatusTextAsync(room));
        Assert.Contains("*Source:* the store 12 incident log · answered by <@U0BOB>", Assert.Single(room.InTech("*Q1 answered*")).VisibleText);

        await room.App.AdvanceAsync(TimeSpan.FromMinutes(5));
        var again = await room.CrisisAsync("answer Q1 yes source a guess", WarRoomApp.Carol);
        Assert.StartsWith(":x: Q1 was already answered by <@U0BOB> 5 minutes ago", again.Text);
        var unknown = await room.CrisisAsync("answer Q7 yes source a guess", WarRoomApp.Carol);
        Assert.StartsWith(":x: There is no Q7: this crisis has only Q1.", unknown.Text);
        Assert.Single((await TimelineAsync(room)).OfType<CrisisEvent.QuestionAnswered>());
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>What <c>/crisis status</c> shows privately, all its blocks' text in order.</summary>
    private static async Task<string> StatusTextAsync(DeadlineRoom room)
    {
        var status = await room.CrisisAsync("status", WarRoomApp.Dave);
        return string.Join("\n", status.Json!["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()
            ?? string.Join(" ", b["elements"]?.AsArray().Select(e => e!["text"]?.GetValue<string>()) ?? [])));
    }

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(DeadlineRoom room) =>
        (await room.App.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;
}
