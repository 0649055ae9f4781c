using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Debrief;

/// <summary>
/// Playbook §14: the debrief document, written from the crisis record so nobody has to reconstruct it. A pure rendering of
/// the whole timeline to Markdown: the history, the owner's time zone and the priority policy in, the document out; no
/// clock, so the same record always gives the same document. Every part is there even when empty, saying so, so a reader
/// can tell "nothing happened" from "not reported". Whatever people typed is escaped, so it cannot break the structure.
/// </summary>
public static partial class DebriefDocument
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The file name the document is posted and served under.</summary>
    public static string FileName(CrisisId crisis) => $"crisis-{crisis}-debrief.md";

    public static string Render(CrisisId id, IReadOnlyList<CrisisEvent> history, TimeZoneInfo ownerZone, PriorityPolicy priority)
    {
        var crisis = Crisis.Fold(id, history);
        var doc = new Document(ownerZone);
        doc.Line($"# Debrief: crisis {crisis.Id}, {Md(crisis.Title)}").Line();
        Summary(doc, crisis);

        // Playbook §12: the parking lot opens the meeting, so the concerns set aside during the crisis are heard first.
        ParkingLot(doc, crisis);
        CustomerAndImpact(doc, crisis, priority);

        // Playbook §11: what we promised for the fix belongs after the impact it answers to.
        Expectations(doc, crisis);
        Timeline(doc, history);
        Theories(doc, crisis);
        Deadlines(doc, crisis);
        BusinessUpdates(doc, crisis);
        Facts(doc, crisis);
        Questions(doc, crisis);
        CustomerAsks(doc, crisis);
        Handovers(doc, crisis);
        TimeSpent(doc, crisis);
        ActionItems(doc, crisis);
        Satisfaction(doc, crisis);
        Timings(doc, crisis, history);
        return doc.ToString();
    }

    /// <summary>
    /// Text a person typed, made inert: one line (a new line could start a heading, a list or a table), and every character
    /// that marks up text in the middle of a line (emphasis, code, links, HTML, tables, entities) escaped with a backslash,
    /// so it reads as typed. Typed text never starts a line, so the marks that only count there need nothing.
    /// </summary>
    public static string Md(string text) => MarkdownSpecial().Replace(Whitespace().Replace(text, " "), @"\$0");

    private static void Summary(Document doc, Crisis crisis)
    {
        var life = crisis.Lifecycle;
        doc.Line("## Summary").Line()
            .Line($"- **Title:** {Md(crisis.Title)}")
            .Line($"- **Customer:** {(crisis.Customer is { } customer ? Md(customer) : "not recorded")}")
            .Line($"- **Severity:** {crisis.Severity.Label()}{SeverityHistory(doc, crisis)}")
            .Line($"- **Owner:** {Person(crisis.Owner)}{(crisis.Ownership.Handovers.Count > 0 ? $" (opened with {Person(crisis.Ownership.Handovers[0].From)})" : "")}")
            .Line($"- **Sponsor:** {(crisis.Ownership.Sponsor is { } sponsor ? Person(sponsor) : "none named")}")
            .Line($"- **Opened:** {doc.At(crisis.OpenedAt)} by {Person(crisis.OpenedBy)}")
            .Line($"- **Stage:** {Stage(doc, life)}")
            .Line($"- **What fixed it:** {(life.Resolutions.Count > 0 ? Md(life.Resolutions[^1].Fix) : "not resolved yet")}");
        foreach (var reopening in life.Reopenings)
            doc.Line($"- **Reopened** {doc.At(reopening.At)} by {Person(reopening.By)}: {Md(reopening.Reason)}");
        doc.Line();
    }

    private static string Stage(Document doc, Crises.Lifecycle life) => life.Stage switch
    {
        Crises.Stage.Resolved => $"resolved since {doc.At(life.Current!.At)}, awaiting the customer's acceptance",
        Crises.Stage.Accepted => $"accepted by the customer since {doc.At(life.Current!.Accepted!.At)}; follow-up due {doc.At(life.Current.Accepted.FollowUpDue)}",
        Crises.Stage.Closed => $"closed since {doc.At(life.Closure!.At)}",
        _ => life.Reopenings.Count > 0 ? $"open again since {doc.At(life.Reopenings[^1].At)}" : "open",
    };

    private static string SeverityHistory(Document doc, Crisis crisis)
    {
        var changes = crisis.Triage.Changes;
        if (changes.Count == 0)
            return ", unchanged since the opening";
        var steps = changes.Select(c => $"{c.From.Label()} to {c.To.Label()} {doc.At(c.At)} by {Person(c.By)}{(c.Reason is { } why ? $" ({Md(why)})" : "")}");
        return $", opened as {changes[0].From.Label()}; changed {string.Join("; ", steps)}";
    }

    private static void ParkingLot(Document doc, Crisis crisis)
    {
        doc.Line("## Parking lot: first on the agenda").Line();
        if (crisis.Record.Parked.Count == 0)
            doc.Line("Nothing was parked.");
        foreach (var parked in crisis.Record.Parked)
            doc.Line($"- {Md(parked.Concern)} (parked by {Person(parked.By)}, {doc.At(parked.At)})");
        doc.Line();
    }

    private static void CustomerAndImpact(Document doc, Crisis crisis, PriorityPolicy policy)
    {
        doc.Line("## Customer and impact").Line()
            .Line($"- **Customer:** {(crisis.Customer is { } customer ? Md(customer) : "not recorded")}");
        if (!crisis.Triage.IsAssessed)
        {
            doc.Line("- **Impact:** No impact was recorded.");
        }
        else
        {
            var priority = Priority.Of(crisis.Triage.Impact, policy);
            var breakdown = priority.Breakdown.Count == 0 ? "" : $" ({string.Join(" + ", priority.Breakdown.Select(p => $"{p.Factor} {p.Points}"))})";
            doc.Line($"- **Impact:** {Md(TriageRules.Describe(crisis.Triage.Impact))}, last assessed by {Person(crisis.Triage.AssessedBy!.Value)} {doc.At(crisis.Triage.AssessedAt!.Value)}")
                .Line($"- **Priority score:** {priority.Score}{breakdown}, which suggests {priority.Suggested.Label()}");
        }

        // Issue 15: the customer's own account, in their words, beside our numbers.
        if (crisis.Context.IsEmpty)
            doc.Line("- **In the customer's words:** no context was recorded.");
        else
            doc.Line("- **In the customer's words** (what brought it to their attention, and why it hurts them):");
        foreach (var entry in crisis.Context.Entries)
            doc.Line($"  - \"{Md(entry.Text)}\" (recorded by {Person(entry.By)}, {doc.At(entry.At)})");

        doc.Line();
    }

    private static void Timeline(Document doc, IReadOnlyList<CrisisEvent> history)
    {
        doc.Line("## Timeline").Line().Line($"Times in UTC, and in the owner's time zone ({doc.Zone.Id}) in brackets.").Line();
        foreach (var happened in history)
        {
            if (Describe(happened) is { } what)
                doc.Line($"- {doc.At(happened.At)}: {what}");
        }

        doc.Line();
    }

    /// <summary>One timeline line per thing a person did or the crisis went through; the publisher's own steps are left out.</summary>
    private static string? Describe(CrisisEvent happened) => happened switch
    {
        CrisisEvent.Opened e => $"Opened as {e.Severity.Label()} by {Person(e.OpenedBy)}, owner {Person(e.Owner)}: {Md(e.Title)}",
        CrisisEvent.KickoffPosted { Kind: ChannelKind.Technical } => "Kickoff posted in the technical channel, naming the owner",
        CrisisEvent.TheoryProposed e => $"{e.Theory} proposed by {Person(e.By)}: {Md(e.Statement)}",
        CrisisEvent.DeadlineSet e => e.Extends is { } old
            ? $"{e.Deadline} set by {Person(e.By)}, extending {old}: {Md(e.Step)}"
            : $"{e.Deadline} set by {Person(e.By)}{(e.Theory is { } t ? $" for {t}" : "")}: {Md(e.Step)}",
        CrisisEvent.OutcomeRecorded e => $"{e.Deadline} {Verb(e.Outcome)} by {Person(e.By)}{Note(e.Note)}",
        CrisisEvent.TheoryWithdrawn e => $"{e.Theory} withdrawn by {Person(e.By)}: {Md(e.Reason)}",
        CrisisEvent.DeadlineWithdrawn e => $"{e.Deadline} withdrawn by {Person(e.By)}: {Md(e.Reason)}",
        CrisisEvent.DeadlineMissed e => $"{e.Deadline} missed: no outcome in time, escalated",
        CrisisEvent.BusinessUpdateGiven e => $"Business update U{e.Number} given {(e.By is { } by ? $"by {Person(by)}" : "by the clock")}",
        CrisisEvent.FactRecorded e => $"{e.Fact} recorded by {Person(e.By)}: {Md(e.Statement)}",
        CrisisEvent.QuestionAsked e => $"{e.Question} asked by {Person(e.By)}: {Md(e.Text)}",
        CrisisEvent.QuestionAnswered e => $"{e.Question} answered by {Person(e.By)}: {Md(e.Answer)}",
        CrisisEvent.CustomerAsked e => $"{e.Ask} asked of the customer by {Person(e.By)}: {Md(e.Request)}",
        CrisisEvent.CustomerAskDone e => $"{e.Ask} done, recorded by {Person(e.By)}",
        CrisisEvent.ConcernParked e => $"Concern parked by {Person(e.By)}",
        CrisisEvent.Mitigated e => $"Mitigated by {Person(e.By)}: {Md(e.How)}",
        CrisisEvent.MitigationFailed e => $"Mitigation {e.Number} failed, recorded by {Person(e.By)}: {Md(e.Why)}",
        CrisisEvent.ContextAdded e => $"The customer's context recorded by {Person(e.By)}: {Md(e.Text)}",
        CrisisEvent.ImpactAssessed e => $"Impact assessed by {Person(e.By)}",
        CrisisEvent.SeverityChanged e => $"Severity changed from {e.From.Label()} to {e.To.Label()} by {Person(e.By)}",
        CrisisEvent.OwnerHandedOver e => $"Handed over from {Person(e.From)} to {Person(e.To)} by {Person(e.By)}: {Md(e.Reason)}",
        CrisisEvent.OwnershipAccepted e => $"Ownership accepted by {Person(e.By)}",
        CrisisEvent.OwnerAcceptanceEscalated e => $"Handover {e.Handover} not accepted in time; {Person(e.To)} asked to step in",
        CrisisEvent.SponsorNamed e => $"{Person(e.Sponsor)} named sponsor by {Person(e.By)}",
        CrisisEvent.ActionItemRecorded e => $"{e.Item} recorded by {Person(e.By)}: {Md(e.Text)}",
        CrisisEvent.ActionItemDone e => $"{e.Item} done, recorded by {Person(e.By)}",
        CrisisEvent.Resolved e => $"Resolved by {Person(e.By)}: {Md(e.Fix)}",
        CrisisEvent.FixAccepted e => $"The customer accepted the fix, recorded by {Person(e.By)}{Note(e.Note)}",
        CrisisEvent.Reopened e => $"Reopened by {Person(e.By)}: {Md(e.Reason)}",
        CrisisEvent.Closed e => $"Closed by {Person(e.By)}, customer satisfaction {e.Satisfaction} of 5",
        _ => null,
    };

    private static void Theories(Document doc, Crisis crisis)
    {
        doc.Line("## Theories and their outcomes").Line();
        if (crisis.Theories.Count == 0)
            doc.Line("No theories were recorded.");
        foreach (var theory in crisis.Theories)
        {
            var outcome = theory.Status switch
            {
                TheoryStatus.Confirmed => $"**confirmed** {doc.At(theory.SettledAt!.Value)}",
                TheoryStatus.Disproved => $"**disproved** {doc.At(theory.SettledAt!.Value)}",
                TheoryStatus.Withdrawn => $"**withdrawn** {doc.At(theory.Withdrawal!.At)} by {Person(theory.Withdrawal.By)}: {Md(theory.Withdrawal.Reason)}",
                _ => "**never settled**",
            };
            doc.Line($"- **{theory.Id}** {Md(theory.Statement)}. Plan: {Md(theory.Plan)}. By {Person(theory.By)} {doc.At(theory.At)}; {outcome}");
        }

        doc.Line();
    }

    private static void Deadlines(Document doc, Crisis crisis)
    {
        var all = crisis.Deadlines;
        doc.Line("## Deadlines kept, missed and extended").Line();
        if (all.Count == 0)
        {
            doc.Line("No deadlines were set.").Line();
            return;
        }

        int Count(DeadlineRecord record) => all.Count(d => d.Record == record);
        doc.Line($"{Count(DeadlineRecord.Kept)} kept, {Count(DeadlineRecord.Missed)} missed (extensions included), "
            + $"{Count(DeadlineRecord.Withdrawn)} withdrawn or abandoned, {Count(DeadlineRecord.Open)} still open.").Line();
        foreach (var d in all)
        {
            var what = d.Withdrawal is { } w
                ? $"**withdrawn** {doc.At(w.At)} by {Person(w.By)}: {Md(w.Reason)}"
                : d.Outcome switch
                {
                    { Outcome: Outcome.Extended } o => $"**extended** {doc.At(o.At)} by {Person(o.By)} to {d.ExtendedBy}{(o.Note is { } why ? $", because {Md(why)}" : "")}",
                    { } o => $"**{(d.Escalated ? "missed" : "kept")}**: {Verb(o.Outcome)} {doc.At(o.At)} by {Person(o.By)}{Note(o.Note)}",
                    null => d.Escalated ? "**missed**: no outcome was ever recorded" : "**open**: no outcome recorded",
                };
            var about = d.Theory is { } t ? $" (for {t})" : "";
            var extends = d.Extends is { } old ? $", extending {old}{(d.Reason is { } reason ? $" because {Md(reason)}" : "")}" : "";
            doc.Line($"- **{d.Id}** {Md(d.Step)}{about}, due {doc.At(d.Due)}, set by {Person(d.SetBy)}{extends}: {what}");
        }

        doc.Line();
    }

    /// <summary>
    /// Playbook §9: each update's promise of the next one, and whether it was kept: the next update came by the promised
    /// time, or it did not.
    /// </summary>
    private static void BusinessUpdates(Document doc, Crisis crisis)
    {
        var given = crisis.Updates.Given;
        doc.Line("## Business updates").Line();
        if (given.Count == 0)
        {
            doc.Line($"No business update was given. The opening promised the first by {doc.At(crisis.FirstUpdateDue)}.").Line();
            return;
        }

        doc.Line($"- The opening promised the first update by {doc.At(crisis.FirstUpdateDue)}: {Kept(doc, crisis.FirstUpdateDue, given[0])}");
        for (var i = 0; i < given.Count; i++)
        {
            var u = given[i];
            var words = u.Text is { } text ? $" \"{Md(text)}\"" : " (the bot's digest)";
            var promised = $"promised the next by {doc.At(u.Next.Due)}{(u.Next.Reason is { } why ? $" because {Md(why)}" : "")}";
            var next = i + 1 < given.Count ? given[i + 1] : null;
            var kept = next is not null ? Kept(doc, u.Next.Due, next) : NoNext(doc, crisis, u);
            doc.Line($"- **U{u.Number}** {doc.At(u.At)} {(u.By is { } by ? $"by {Person(by)}" : "by the clock")}:{words}. It {promised}: {kept}");
        }

        doc.Line();
    }

    private static string Kept(Document doc, DateTimeOffset promised, BusinessUpdate next) => next.At <= promised
        ? $"**kept** (U{next.Number} came {doc.At(next.At)})"
        : $"**broken**: U{next.Number} came {doc.At(next.At)}, {Mrkdwn.Duration(next.At - promised)} late";

    private static string NoNext(Document doc, Crisis crisis, BusinessUpdate last)
    {
        var accepted = crisis.Lifecycle.Resolutions.Select(r => r.Accepted).LastOrDefault(a => a is not null && a.At >= last.At);
        return accepted switch
        {
            not null when accepted.At <= last.Next.Due => $"**no longer needed**: the customer accepted the fix {doc.At(accepted.At)} and updates stopped",
            not null => $"**broken**: no update came before the customer accepted the fix {doc.At(accepted.At)}",
            null => "no later update is on the record",
        };
    }

    private static void Facts(Document doc, Crisis crisis)
    {
        doc.Line("## Facts and sources").Line();
        if (crisis.Record.Facts.Count == 0)
            doc.Line("No facts were recorded.");
        foreach (var f in crisis.Record.Facts)
            doc.Line($"- **{f.Id}** {Md(f.Statement)}. Source: {Md(f.Source)} ({Person(f.By)}, {doc.At(f.At)})");
        doc.Line();
    }

    private static void Questions(Document doc, Crisis crisis)
    {
        doc.Line("## Questions and answers").Line();
        if (crisis.Record.Questions.Count == 0)
            doc.Line("No questions were asked.");
        foreach (var q in crisis.Record.Questions)
        {
            var answer = q.Answer is { } a
                ? $"answered {doc.At(a.At)} by {Person(a.By)}: {Md(a.Text)} (source: {Md(a.Source)})"
                : "**never answered**";
            doc.Line($"- **{q.Id}** {Md(q.Text)} (asked by {Person(q.By)}, {doc.At(q.At)}); {answer}");
        }

        doc.Line();
    }

    private static void CustomerAsks(Document doc, Crisis crisis)
    {
        doc.Line("## What we asked of the customer").Line();
        if (crisis.Record.Asks.Count == 0)
            doc.Line("Nothing was asked of the customer.");
        foreach (var a in crisis.Record.Asks)
        {
            var done = a.Done is { } d ? $"done {doc.At(d.At)}{Note(d.Note)}" : "**still open**";
            doc.Line($"- **{a.Id}** {Md(a.Request)}, because {Md(a.Reason)} (asked by {Person(a.By)}, {doc.At(a.At)}); {done}");
        }

        doc.Line();
    }

    private static void Expectations(Document doc, Crisis crisis)
    {
        doc.Line("## Expectations").Line();
        var expected = crisis.Expectations;
        if (expected.Current is not { } current)
        {
            doc.Line("No target or worst case was recorded.").Line();
            return;
        }

        var from = current.ByOwner ? $"set by {Person(current.By!.Value)} because {Md(current.Reason!)}" : $"the {current.Severity!.Value.Label()} defaults";
        doc.Line($"- **Target for a fix:** {doc.At(current.Target)}; **worst case:** {doc.At(current.Worst)} ({from})");
        foreach (var set in expected.SetByOwner.Where(s => s != current))
            doc.Line($"- Earlier, {doc.At(set.SetAt)}: {Person(set.By!.Value)} set the target to {doc.At(set.Target)} and the worst case to {doc.At(set.Worst)}, because {Md(set.Reason!)}");
        foreach (var risk in expected.AtRisk)
        {
            var cause = risk.Cause == AtRiskCause.DeadlineMissed ? $"{risk.Deadline} was missed" : "most of the time to the target was used";
            doc.Line($"- {doc.At(risk.At)}: the target was at risk ({cause}); the owner was prompted to tell the business channel");
        }

        foreach (var passed in expected.WorstPassed)
            doc.Line($"- {doc.At(passed.At)}: the worst case given ({doc.At(passed.Worst)}) passed; the business channel was told");
        if (crisis.Lifecycle.Resolutions.Count > 0)
        {
            var fixedAt = crisis.Lifecycle.Resolutions[^1].At;
            doc.Line(fixedAt <= current.Target
                ? $"- **Target met:** resolved {Mrkdwn.Duration(current.Target - fixedAt)} before it"
                : $"- **Target missed** by {Mrkdwn.Duration(fixedAt - current.Target)}" + (fixedAt > current.Worst ? ", and the worst case too" : ""));
        }

        doc.Line();
    }

    private static void Handovers(Document doc, Crisis crisis)
    {
        doc.Line("## Handovers").Line();
        if (crisis.Ownership.Handovers.Count == 0)
            doc.Line($"No handovers: {Person(crisis.Owner)} owned the crisis throughout.");
        foreach (var h in crisis.Ownership.Handovers)
        {
            var accepted = h.AcceptedAt is { } at ? $"accepted {doc.At(at)}" : "**never accepted**";
            var escalated = h.EscalatedTo is { } to ? $"; not accepted in time, so {Person(to)} was asked to step in" : "";
            doc.Line($"- {doc.At(h.At)}: {Person(h.From)} to {Person(h.To)} by {Person(h.By)}, because {Md(h.Reason)}; {accepted}{escalated}");
        }

        doc.Line();
    }

    private static void TimeSpent(Document doc, Crisis crisis)
    {
        doc.Line("## Time spent").Line();
        if (crisis.Record.TimeSpent.Count == 0)
        {
            doc.Line("No time was recorded.").Line();
            return;
        }

        foreach (var (person, spent) in crisis.Record.TimeByPerson)
            doc.Line($"- {Person(person)}: {Mrkdwn.Duration(spent)}");
        doc.Line($"- **In all:** {Mrkdwn.Duration(crisis.Record.TotalTimeSpent)}").Line();
    }

    private static void ActionItems(Document doc, Crisis crisis)
    {
        doc.Line("## Action items").Line();
        if (crisis.Actions.Items.Count == 0)
            doc.Line("No action items were recorded.");
        foreach (var i in crisis.Actions.Items)
        {
            var state = i.Done is { } d ? $"done {doc.At(d.At)}{Note(d.Note)}" : "open";
            doc.Line($"- **{i.Id}** {Md(i.Text)}; owner {Person(i.Owner)}, due {doc.At(i.Due)}; {state}");
        }

        doc.Line();
    }

    private static void Satisfaction(Document doc, Crisis crisis)
    {
        doc.Line("## Customer satisfaction").Line();
        doc.Line(crisis.Lifecycle.Closure is { } c
            ? $"{c.Satisfaction} of 5, recorded by {Person(c.By)} {doc.At(c.At)}{(c.Comment is { } comment ? $": {Md(comment)}" : "")}"
            : "No satisfaction was recorded: the crisis is not closed.");
        doc.Line();
    }

    /// <summary>Playbook §2, §3, §9 and §13: how long each first step took, counted from the report.</summary>
    private static void Timings(Document doc, Crisis crisis, IReadOnlyList<CrisisEvent> history)
    {
        var reported = crisis.OpenedAt;
        var acknowledged = history.OfType<CrisisEvent.KickoffPosted>().FirstOrDefault(k => k.Kind == ChannelKind.Technical)?.At;
        var accepted = crisis.Ownership.Handovers.FirstOrDefault(h => h.IsAccepted)?.AcceptedAt
            ?? (crisis.Ownership.Handovers.Count == 0 ? reported : null);
        var firstUpdate = crisis.Updates.Given.FirstOrDefault()?.At;
        var mitigated = crisis.Mitigation.First?.At;
        var resolution = crisis.Lifecycle.Resolutions.LastOrDefault();
        var acceptance = resolution?.Accepted?.At;

        string Since(DateTimeOffset? at, string missing) => at is { } t ? $"{Mrkdwn.Duration(t - reported)} ({doc.At(t)})" : missing;
        doc.Line("## Timings").Line()
            .Line($"Counted from the report: the crisis was opened {doc.At(reported)}.").Line()
            .Line($"- **To acknowledgement** (the kickoff naming the owner posted in the technical channel): {Since(acknowledged, "the kickoff was never posted")}")
            .Line($"- **To owner accepted** (the first handover the new owner accepted; with no handover, the owner named at the opening): "
                + Since(accepted, "no handover was accepted"))
            .Line($"- **To first business update:** {Since(firstUpdate, "no business update was given")}")
            .Line($"- **Report to mitigation** (the customer's pain first relieved, while the fix went on): {Since(mitigated, "the pain was not mitigated before the fix")}")
            .Line($"- **To resolution** (the latest): {Since(resolution?.At, "not resolved")}")
            .Line($"- **To customer acceptance** (of that resolution): {Since(acceptance, "the customer has not accepted the fix")}");
    }

    private static string Verb(Outcome outcome) => outcome switch
    {
        Outcome.Confirmed => "confirmed",
        Outcome.Disproved => "disproved",
        _ => "extended",
    };

    private static string Note(string? note) => note is { } n ? $": {Md(n)}" : "";

    /// <summary>A Slack user id: the document is read outside Slack too, where a mention would not resolve.</summary>
    private static string Person(UserId user) => "@" + user.Value;

    [GeneratedRegex(@"[\\`*_\[\]<>|~&]", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownSpecial();

    [GeneratedRegex(@"\s*[\r\n]+\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    /// <summary>The document being written, and how a time reads in it.</summary>
    private sealed class Document(TimeZoneInfo zone)
    {
        private readonly StringBuilder text = new();

        public TimeZoneInfo Zone => zone;

        public Document Line(string line = "")
        {
            text.Append(line).Append('\n');
            return this;
        }

        /// <summary>
        /// "2026-03-14 16:20 UTC (17:20 Europe/Paris)": always the full date, so a crisis over several days reads right; the
        /// local date too when it is not the UTC one.
        /// </summary>
        public string At(DateTimeOffset at)
        {
            var utc = at.ToUniversalTime();
            var formatted = utc.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC";
            if (zone == TimeZoneInfo.Utc)
                return formatted;
            var local = TimeZoneInfo.ConvertTime(utc, zone);
            var localText = local.Date == utc.Date ? local.ToString("HH:mm", Invariant) : local.ToString("yyyy-MM-dd HH:mm", Invariant);
            return $"{formatted} ({localText} {zone.Id})";
        }

        public override string ToString() => text.ToString();
    }
}
