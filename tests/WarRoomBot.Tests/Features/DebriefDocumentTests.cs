using WarRoomBot.Crises;
using WarRoomBot.Features.Debrief;
using E = WarRoomBot.Crises.CrisisEvent;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// Playbook §14: the debrief document rendered from one rich crisis that ran over two days (opened 14 March 2026 at 16:00
/// UTC, resolved that night, accepted after midnight, closed two weeks later), read in Alice's zone, Europe/Paris (UTC+1
/// then), so the night's times fall on the next local date. Every section is asserted by its important lines.
/// </summary>
public sealed class DebriefDocumentTests
{
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Carol = new("U0CAROL");
    private static readonly UserId Dave = new("U0DAVE");
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    private static NextUpdate Next(DateTimeOffset due, DateTimeOffset setAt, string? reason = null) =>
        new(due, reason is null ? NextUpdateCause.Cadence : NextUpdateCause.Owner, TimeSpan.FromMinutes(30), null, reason, setAt);

    private static readonly CrisisEvent[] Rich =
    [
        new E.Opened("Checkout *freezes* <b>", Severity.Sev2, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty,
            true, At(14, 17, 0), At(14, 16, 0)),
        new E.ExpectationsDefaulted(Severity.Sev2, At(17, 16, 0), At(19, 16, 0), At(14, 16, 0)),
        new E.ChannelCreated(ChannelKind.Technical, new ChannelId("C1"), "crisis-1-checkout-freezes", At(14, 16, 1)),
        new E.KickoffPosted(ChannelKind.Business, "1.1", At(14, 16, 1)),
        new E.KickoffPosted(ChannelKind.Technical, "1.2", At(14, 16, 2)),
        new E.ConcernParked("CIO asks why\n# monitoring missed | it", Carol, At(14, 16, 10)),
        new E.ImpactAssessed(new Impact(Users: 1200, Sites: 300, SitesTotal: 410), Bob, At(14, 16, 15)),
        new E.SeverityChanged(Severity.Sev2, Severity.Sev1, "all stores down", null, null, Next(At(14, 17, 0), At(14, 16, 20)), Bob, At(14, 16, 20)),
        new E.TheoryProposed(new TheoryId(1), "Lock contention", "replay the logs", Bob, At(14, 16, 30)),
        new E.DeadlineSet(new DeadlineId(1), "replay the logs", new TheoryId(1), At(14, 17, 15), Bob, null, null, At(14, 16, 30)),
        new E.BusinessUpdateGiven(1, UpdateKind.Owner, "Stores 1-50 are back", Alice, false, At(14, 17, 0),
            Next(At(14, 17, 15), At(14, 16, 45), "D1 falls due"), At(14, 16, 45)),
        new E.OutcomeRecorded(new DeadlineId(1), Outcome.Extended, "staging was busy", Bob, At(14, 17, 10)),
        new E.DeadlineSet(new DeadlineId(2), "replay the logs", new TheoryId(1), At(14, 18, 0), Bob, new DeadlineId(1), "staging was busy", At(14, 17, 10)),
        new E.BusinessUpdateGiven(2, UpdateKind.Digest, null, null, false, At(14, 17, 15), Next(At(14, 18, 10), At(14, 17, 40)), At(14, 17, 40)),
        new E.OutcomeRecorded(new DeadlineId(2), Outcome.Confirmed, "lock waits in the logs", Bob, At(14, 17, 50)),
        new E.FactRecorded(new FactId(1), "Lock waits peak at 02:00", "pg_stat_activity", Bob, At(14, 17, 55)),
        new E.QuestionAsked(new QuestionId(1), "Why did monitoring miss it?", Carol, At(14, 18, 0)),
        new E.QuestionAsked(new QuestionId(2), "Is store 12 affected?", Carol, At(14, 18, 1)),
        new E.QuestionAnswered(new QuestionId(1), "no alert on lock waits", "the alert rules", Bob, At(14, 18, 5)),
        new E.CustomerAsked(new AskId(1), "send the POS logs", "only they have them", false, Alice, At(14, 18, 6)),
        new E.CustomerAskDone(new AskId(1), "received", Alice, At(14, 18, 8)),
        new E.BusinessUpdateGiven(3, UpdateKind.Digest, null, null, false, At(14, 18, 10), Next(At(14, 19, 10), At(14, 18, 10)), At(14, 18, 10)),
        new E.OwnerHandedOver(1, Alice, Bob, null, "end of shift", Alice, At(14, 19, 0)),
        new E.OwnershipAccepted(1, Bob, At(14, 19, 5)),
        new E.SponsorNamed(Dave, Alice, At(14, 19, 6)),
        new E.ExpectationsSet(At(14, 22, 0), At(15, 4, 0), "the rollback needs a *full* regression run", Bob, false, At(14, 19, 10)),
        new E.DeadlineSet(new DeadlineId(3), "collect POS logs", null, At(14, 21, 0), Bob, null, null, At(14, 20, 0)),
        new E.DeadlineMissed(new DeadlineId(3), At(14, 21, 15)),
        new E.TargetAtRisk(1, AtRiskCause.DeadlineMissed, new DeadlineId(3), At(14, 22, 0), At(15, 4, 0), "We missed D3.", At(14, 21, 15)),
        new E.BusinessUpdateGiven(4, UpdateKind.Digest, null, null, false, At(14, 19, 10), Next(At(15, 1, 0), At(14, 23, 0)), At(14, 23, 0)),
        new E.TimeSpent(Bob, TimeSpan.FromHours(3), null, Bob, At(14, 23, 10)),
        new E.TimeSpent(Alice, TimeSpan.FromMinutes(90), null, Alice, At(14, 23, 11)),
        new E.TimeSpent(Bob, TimeSpan.FromMinutes(30), "night watch", Alice, At(14, 23, 12)),
        new E.Resolved(1, "rolled back firmware 4.2", ValueList.Of(new DeadlineId(3)), Next(At(15, 3, 30), At(14, 23, 30)), Bob, At(14, 23, 30)),
        new E.FixAccepted(1, "ops lead confirmed", At(29, 0, 40), Bob, At(15, 0, 40)),
        new E.ActionItemRecorded(new ActionItemId(1), "alert on lock waits", Dave, At(20, 16, 0), Bob, At(15, 9, 0)),
        new E.ActionItemRecorded(new ActionItemId(2), "document the rollback", Carol, At(20, 16, 0), Bob, At(15, 9, 1)),
        new E.ActionItemDone(new ActionItemId(2), "in the runbook", Carol, At(16, 10, 0)),
        new E.Closed(4, "fast *and* clear", true, Bob, At(29, 10, 0)),
    ];

    private static string[] Lines(string document) => document.Split('\n');

    [Fact]
    public void The_summary_opens_the_document_then_the_parking_lot_first_on_the_agenda()
    {
        var doc = DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default);
        var lines = Lines(doc);

        Assert.Equal(@"# Debrief: crisis 1, Checkout \*freezes\* \<b\>", lines[0]);
        Assert.Contains("- **Severity:** sev1, opened as sev2; changed sev2 to sev1 2026-03-14 16:20 UTC (17:20 Europe/Paris) by @U0BOB (all stores down)", lines);
        Assert.Contains("- **Owner:** @U0BOB (opened with @U0ALICE)", lines);
        Assert.Contains("- **Sponsor:** @U0DAVE", lines);
        Assert.Contains("- **What fixed it:** rolled back firmware 4.2", lines);
        Assert.Contains("- **Stage:** closed since 2026-03-29 10:00 UTC (12:00 Europe/Paris)", lines);

        // Playbook §12: the parking lot is the first section after the summary; a typed new line and heading mark stay inside the item.
        var sections = lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["## Summary", "## Parking lot: first on the agenda", "## Customer and impact", "## Expectations", "## Timeline", "## Theories and their outcomes",
             "## Deadlines kept, missed and extended", "## Business updates", "## Facts and sources", "## Questions and answers",
             "## What we asked of the customer", "## Handovers", "## Time spent", "## Action items", "## Customer satisfaction", "## Timings"],
            sections);
        Assert.Contains(@"- CIO asks why # monitoring missed \| it (parked by @U0CAROL, 2026-03-14 16:10 UTC (17:10 Europe/Paris))", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("# monitoring", StringComparison.Ordinal));
    }

    [Fact]
    public void The_timeline_gives_full_dates_in_utc_and_in_the_owners_zone_across_midnight()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        Assert.Contains(@"- 2026-03-14 16:00 UTC (17:00 Europe/Paris): Opened as sev2 by @U0ALICE, owner @U0ALICE: Checkout \*freezes\* \<b\>", lines);
        Assert.Contains("- 2026-03-14 16:02 UTC (17:02 Europe/Paris): Kickoff posted in the technical channel, naming the owner", lines);
        Assert.Contains("- 2026-03-14 23:30 UTC (2026-03-15 00:30 Europe/Paris): Resolved by @U0BOB: rolled back firmware 4.2", lines);
        Assert.Contains("- 2026-03-15 00:40 UTC (01:40 Europe/Paris): The customer accepted the fix, recorded by @U0BOB: ops lead confirmed", lines);
        Assert.Contains("- 2026-03-29 10:00 UTC (12:00 Europe/Paris): Closed by @U0BOB, customer satisfaction 4 of 5", lines);

        // The publisher's own steps (a channel made, the business kickoff) are not the crisis's story.
        Assert.DoesNotContain(lines, l => l.Contains("crisis-1-checkout-freezes", StringComparison.Ordinal));
    }

    [Fact]
    public void Theories_and_deadlines_show_their_outcomes_kept_missed_extended_and_abandoned_with_reasons()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        Assert.Contains("- **T1** Lock contention. Plan: replay the logs. By @U0BOB 2026-03-14 16:30 UTC (17:30 Europe/Paris); **confirmed** 2026-03-14 17:50 UTC (18:50 Europe/Paris)", lines);
        Assert.Contains("1 kept, 1 missed (extensions included), 1 withdrawn or abandoned, 0 still open.", lines);
        Assert.Contains("- **D1** replay the logs (for T1), due 2026-03-14 17:15 UTC (18:15 Europe/Paris), set by @U0BOB: "
            + "**extended** 2026-03-14 17:10 UTC (18:10 Europe/Paris) by @U0BOB to D2, because staging was busy", lines);
        Assert.Contains("- **D2** replay the logs (for T1), due 2026-03-14 18:00 UTC (19:00 Europe/Paris), set by @U0BOB, extending D1 because staging was busy: "
            + "**kept**: confirmed 2026-03-14 17:50 UTC (18:50 Europe/Paris) by @U0BOB: lock waits in the logs", lines);
        Assert.Contains("- **D3** collect POS logs, due 2026-03-14 21:00 UTC (22:00 Europe/Paris), set by @U0BOB: "
            + "**withdrawn** 2026-03-14 23:30 UTC (2026-03-15 00:30 Europe/Paris) by @U0BOB: abandoned when the crisis was resolved (rolled back firmware 4.2)", lines);
    }

    [Fact]
    public void Every_business_update_says_what_it_promised_for_the_next_and_whether_that_was_kept()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        Assert.Contains("- The opening promised the first update by 2026-03-14 17:00 UTC (18:00 Europe/Paris): **kept** (U1 came 2026-03-14 16:45 UTC (17:45 Europe/Paris))", lines);
        Assert.Contains("- **U1** 2026-03-14 16:45 UTC (17:45 Europe/Paris) by @U0ALICE: \"Stores 1-50 are back\". It promised the next by "
            + "2026-03-14 17:15 UTC (18:15 Europe/Paris) because D1 falls due: **broken**: U2 came 2026-03-14 17:40 UTC (18:40 Europe/Paris), 25 minutes late", lines);
        Assert.Contains("- **U2** 2026-03-14 17:40 UTC (18:40 Europe/Paris) by the clock: (the bot's digest). It promised the next by "
            + "2026-03-14 18:10 UTC (19:10 Europe/Paris): **kept** (U3 came 2026-03-14 18:10 UTC (19:10 Europe/Paris))", lines);
        Assert.Contains("- **U4** 2026-03-14 23:00 UTC (2026-03-15 00:00 Europe/Paris) by the clock: (the bot's digest). It promised the next by "
            + "2026-03-15 01:00 UTC (02:00 Europe/Paris): **no longer needed**: the customer accepted the fix 2026-03-15 00:40 UTC (01:40 Europe/Paris) and updates stopped", lines);
    }

    [Fact]
    public void The_record_the_people_and_the_customer_are_all_there()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        Assert.Contains(lines, l => l.StartsWith("- **Impact:** 1,200 users, 300 of 410 sites, last assessed by @U0BOB 2026-03-14 16:15 UTC", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- **Priority score:** ", StringComparison.Ordinal));
        Assert.Contains(@"- **F1** Lock waits peak at 02:00. Source: pg\_stat\_activity (@U0BOB, 2026-03-14 17:55 UTC (18:55 Europe/Paris))", lines);
        Assert.Contains("- **Q1** Why did monitoring miss it? (asked by @U0CAROL, 2026-03-14 18:00 UTC (19:00 Europe/Paris)); "
            + "answered 2026-03-14 18:05 UTC (19:05 Europe/Paris) by @U0BOB: no alert on lock waits (source: the alert rules)", lines);
        Assert.Contains("- **Q2** Is store 12 affected? (asked by @U0CAROL, 2026-03-14 18:01 UTC (19:01 Europe/Paris)); **never answered**", lines);
        Assert.Contains("- **A1** send the POS logs, because only they have them (asked by @U0ALICE, 2026-03-14 18:06 UTC (19:06 Europe/Paris)); "
            + "done 2026-03-14 18:08 UTC (19:08 Europe/Paris): received", lines);
        Assert.Contains("- 2026-03-14 19:00 UTC (20:00 Europe/Paris): @U0ALICE to @U0BOB by @U0ALICE, because end of shift; accepted 2026-03-14 19:05 UTC (20:05 Europe/Paris)", lines);
        Assert.Contains("- @U0BOB: 3 hours 30 minutes", lines);
        Assert.Contains("- @U0ALICE: 1 hour 30 minutes", lines);
        Assert.Contains("- **In all:** 5 hours", lines);
        Assert.Contains("- **AI1** alert on lock waits; owner @U0DAVE, due 2026-03-20 16:00 UTC (17:00 Europe/Paris); open", lines);
        Assert.Contains("- **AI2** document the rollback; owner @U0CAROL, due 2026-03-20 16:00 UTC (17:00 Europe/Paris); done 2026-03-16 10:00 UTC (11:00 Europe/Paris): in the runbook", lines);
        Assert.Contains(@"4 of 5, recorded by @U0BOB 2026-03-29 10:00 UTC (12:00 Europe/Paris): fast \*and\* clear", lines);
    }

    [Fact]
    public void The_timings_count_from_the_report_and_say_what_each_is()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        Assert.Contains("- **To acknowledgement** (the kickoff naming the owner posted in the technical channel): 2 minutes (2026-03-14 16:02 UTC (17:02 Europe/Paris))", lines);
        Assert.Contains("- **To owner accepted** (the first handover the new owner accepted; with no handover, the owner named at the opening): "
            + "3 hours 5 minutes (2026-03-14 19:05 UTC (20:05 Europe/Paris))", lines);
        Assert.Contains("- **To first business update:** 45 minutes (2026-03-14 16:45 UTC (17:45 Europe/Paris))", lines);
        Assert.Contains("- **To resolution** (the latest): 7 hours 30 minutes (2026-03-14 23:30 UTC (2026-03-15 00:30 Europe/Paris))", lines);
        Assert.Contains("- **To customer acceptance** (of that resolution): 8 hours 40 minutes (2026-03-15 00:40 UTC (01:40 Europe/Paris))", lines);
    }

    [Fact]
    public void The_expectations_say_what_was_promised_by_whom_when_it_was_at_risk_and_whether_the_fix_met_it()
    {
        var lines = Lines(DebriefDocument.Render(new CrisisId(1), Rich, Paris, PriorityPolicy.Default));

        var section = Array.IndexOf(lines, "## Expectations");
        Assert.True(section > Array.IndexOf(lines, "## Customer and impact") && section < Array.IndexOf(lines, "## Timeline"));
        Assert.Contains(
            @"- **Target for a fix:** 2026-03-14 22:00 UTC (23:00 Europe/Paris); **worst case:** 2026-03-15 04:00 UTC (05:00 Europe/Paris) (set by @U0BOB because the rollback needs a \*full\* regression run)",
            lines);
        Assert.Contains("- 2026-03-14 21:15 UTC (22:15 Europe/Paris): the target was at risk (D3 was missed); the owner was prompted to tell the business channel", lines);
        Assert.Contains("- **Target missed** by 1 hour 30 minutes", lines);
        Assert.Contains("No target or worst case was recorded.", Lines(DebriefDocument.Render(new CrisisId(3), [Rich[0]], TimeZoneInfo.Utc, PriorityPolicy.Default)));
    }

    [Fact]
    public void A_crisis_just_opened_says_of_every_empty_part_that_nothing_was_recorded()
    {
        var opened = new CrisisEvent[]
        {
            new E.Opened("Checkout freezes", Severity.Sev2, null, Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty,
                true, At(14, 17, 0), At(14, 16, 0)),
        };

        var lines = Lines(DebriefDocument.Render(new CrisisId(3), opened, TimeZoneInfo.Utc, PriorityPolicy.Default));

        Assert.Contains("- **Customer:** not recorded", lines);
        Assert.Contains("- **Severity:** sev2, unchanged since the opening", lines);
        Assert.Contains("- **What fixed it:** not resolved yet", lines);
        Assert.Contains("- **Stage:** open", lines);
        Assert.Contains("Nothing was parked.", lines);
        Assert.Contains("- **Impact:** No impact was recorded.", lines);
        Assert.Contains("- 2026-03-14 16:00 UTC: Opened as sev2 by @U0ALICE, owner @U0ALICE: Checkout freezes", lines);
        Assert.Contains("No theories were recorded.", lines);
        Assert.Contains("No deadlines were set.", lines);
        Assert.Contains("No business update was given. The opening promised the first by 2026-03-14 17:00 UTC.", lines);
        Assert.Contains("No facts were recorded.", lines);
        Assert.Contains("No questions were asked.", lines);
        Assert.Contains("Nothing was asked of the customer.", lines);
        Assert.Contains("No handovers: @U0ALICE owned the crisis throughout.", lines);
        Assert.Contains("No time was recorded.", lines);
        Assert.Contains("No action items were recorded.", lines);
        Assert.Contains("No satisfaction was recorded: the crisis is not closed.", lines);
        Assert.Contains("- **To acknowledgement** (the kickoff naming the owner posted in the technical channel): the kickoff was never posted", lines);
        Assert.Contains("- **To owner accepted** (the first handover the new owner accepted; with no handover, the owner named at the opening): "
            + "less than a minute (2026-03-14 16:00 UTC)", lines);
        Assert.Contains("- **To first business update:** no business update was given", lines);
        Assert.Contains("- **To resolution** (the latest): not resolved", lines);
        Assert.Contains("- **To customer acceptance** (of that resolution): the customer has not accepted the fix", lines);
    }
}
