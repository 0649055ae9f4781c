using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Features.Triage;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Updates;

/// <summary>
/// What the business channel reads about a crisis (playbook §4, §8, §9, §11), and the owner's reminder and pointers in
/// the technical channel: pure functions of the crisis record and the time of posting. Executives read a digest in
/// 20 seconds, so it says what we know, what we are doing and who owns it, in business words, and always ends with
/// when the next update comes and why then. T1 and D2 labels stay: they let an executive ask an engineer.
/// </summary>
public static class UpdateBlocks
{
    /// <summary>The reminder's "Post the digest now" button.</summary>
    public const string PostDigestAction = "update_post_digest";

    /// <summary>The reminder's "Write my own" button, which opens <see cref="WriteUpdateModal"/>.</summary>
    public const string WriteOwnAction = "update_write_own";

    /// <summary>The block holding the reminder's two buttons.</summary>
    public const string ReminderActionsBlock = "update_reminder";

    /// <summary>Slack refuses a text over 3,000 characters; a section is cut before that, with a pointer to the technical channel.</summary>
    public const int MaxText = 3000;

    /// <summary>A step named in a sentence ("D2, the heap dump from store 114, falls due then") is shortened to about this.</summary>
    private const int StepInSentence = 80;

    /// <summary>One theory or step in a list; the whole text stays in the technical channel.</summary>
    private const int ListItem = 400;

    /// <summary>The working explanation is the one statement an executive must read whole, unless it is very long.</summary>
    private const int Explanation = 1200;

    /// <summary>Theories ruled out, newest first; older ones are counted and left to the technical channel.</summary>
    private const int RuledOutShown = 10;

    /// <summary>Facts and answered questions, newest first; older ones are counted and left to the technical channel.</summary>
    private const int FactsShown = 10;

    /// <summary>Open requests to the customer, oldest first; the rest are counted.</summary>
    private const int AsksShown = 10;

    /// <summary>A clock-sent update this much past its promised time says it is late.</summary>
    private static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The buttons carry the crisis number and the number of the update they remind of, so a click needs no lookup of the
    /// message, and a click on a reminder whose update has gone out (a second click, a reminder Slack did not let the bot
    /// close) is told so instead of sending another digest.
    /// </summary>
    public static string ButtonValue(CrisisId crisis, int update) => string.Create(CultureInfo.InvariantCulture, $"{crisis.Number}:{update}");

    /// <summary>The crisis and update a reminder button (or the owner's form, in its private_metadata) names; null if it names none.</summary>
    public static (CrisisId Crisis, int Update)? ReadValue(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var crisis) && crisis > 0
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var update) && update > 0
            ? (new CrisisId(crisis), update)
            : null;
    }

    // ---------------------------------------------------------------- the digest

    /// <summary>The digest posted in the business channel as update <paramref name="update"/>, composed from the record at <paramref name="now"/>.</summary>
    /// <remarks>
    /// The digest states the cadence recorded in its promise (<see cref="NextUpdate.Cadence"/>), not the current
    /// policy's, so a policy changed later cannot rewrite what executives were told.
    /// </remarks>
    public static SlackMessage Digest(Crisis crisis, BusinessUpdate update, SlackUser? owner, DateTimeOffset now)
    {
        // The business channel is never late without being told why (issue 8: restart-safe like deadlines).
        var late = update.IsLate(now, LateAfter)
            ? $":hourglass: This update was due at {Mrkdwn.Time(update.WasDue)}; it went out late, when the bot was next able to send it."
            : null;
        return Compose(crisis, owner, update.Next, $":briefcase: Crisis {crisis.Id} · business update {update.Number}", late, now,
            $"Crisis {crisis.Id} update {update.Number}");
    }

    /// <summary>
    /// <c>/crisis status</c>: the digest as it would read now, ending with the promise the business channel holds
    /// (<see cref="BusinessUpdates.Next"/>), so whoever asks sees exactly what executives were told to expect.
    /// </summary>
    public static SlackMessage Status(Crisis crisis, SlackUser? owner, DateTimeOffset now) =>
        Compose(crisis, owner, crisis.Updates.Next, $":clipboard: Crisis {crisis.Id} · the business digest as it reads now", null, now,
            $"Crisis {crisis.Id} digest");

    /// <summary>
    /// The line a digest opens with, and the reminder shows as its draft: the crisis, customer, title, severity, status
    /// and how long it has been open.
    /// </summary>
    public static string Headline(Crisis crisis, DateTimeOffset now) =>
        $"*Crisis {crisis.Id}{Customer(crisis)}:* {Mrkdwn.Escape(crisis.Title)}\n"
        + $"{crisis.Severity.Label()} · *{StatusWord(crisis)}* · open for {Mrkdwn.Duration(now - crisis.OpenedAt)}";

    /// <summary>
    /// "Cause identified" once a theory is confirmed (the working explanation, playbook §5); "Investigating" until then; from
    /// the resolution on, the crisis's stage (playbook §13).
    /// </summary>
    public static string StatusWord(Crisis crisis) => crisis.Lifecycle.Stage switch
    {
        Stage.Resolved => "Resolved, awaiting the customer's confirmation",
        Stage.Accepted => "Fix confirmed by the customer",
        Stage.Closed => "Closed",
        // Issue 15: relieved pain is what the business wants to hear first; the fix is still owed.
        _ when crisis.Mitigation.Current is { } mitigation => $"Mitigated: {Mrkdwn.Truncate(Mrkdwn.Escape(mitigation.How), StepInSentence)}, fix in progress",
        _ => crisis.WorkingExplanation is null ? "Investigating" : "Cause identified",
    };

    /// <summary>
    /// Playbook §9: the footer every business update ends with: "Next update at &lt;time&gt; (&lt;in words&gt;) because &lt;reason&gt;".
    /// </summary>
    public static string Footer(Crisis crisis, NextUpdate next, DateTimeOffset now)
    {
        var reason = NextReason(crisis, next);
        var stop = reason.Length > 0 && reason[^1] is '.' or '!' or '?' ? "" : ".";
        return $"*Next update at {Mrkdwn.Time(next.Due)}* ({Mrkdwn.In(next.Due - now)}) because {reason}{stop}";
    }

    /// <summary>
    /// The real cause of the next update's time, as the promise recorded it: the severity's cadence, an open deadline
    /// falling due (and whether its outcome settles a theory), or the owner's own words.
    /// </summary>
    public static string NextReason(Crisis crisis, NextUpdate next) => next.Cause switch
    {
        NextUpdateCause.Deadline when next.Deadline is { } id && crisis.Deadline(id) is { } deadline => DeadlineReason(crisis, deadline),
        NextUpdateCause.Deadline => "a diagnostic deadline falls due then",
        NextUpdateCause.Owner => Mrkdwn.Escape(next.Reason ?? "the owner named that time"),
        NextUpdateCause.Mitigated => "the customer's pain is relieved while the fix goes on"
            + (crisis.Mitigation.Current is { } m ? $" ({Mrkdwn.Truncate(Mrkdwn.Escape(m.How), StepInSentence)})" : "")
            + $"; until the fix, updates come {Mrkdwn.Every(next.Cadence)}",
        NextUpdateCause.Resolved => $"the crisis is resolved and awaiting the customer's confirmation; until then updates come {Mrkdwn.Every(next.Cadence)}",
        NextUpdateCause.Promised => $"it was promised before the crisis became {crisis.Severity.Label()}, and the business channel is never told later than promised; "
            + $"after it, {crisis.Severity.Label()} crises are updated {Mrkdwn.Every(next.Cadence)}",
        _ => $"{crisis.Severity.Label()} crises are updated {Mrkdwn.Every(next.Cadence)}",
    };

    /// <summary>
    /// A deadline that chose the time, with its own due time: still open, it decides something then; settled, withdrawn
    /// or extended since, the update reports what came of it, so the footer never promises what already happened.
    /// </summary>
    private static string DeadlineReason(Crisis crisis, Deadline deadline)
    {
        var step = $"{deadline.Id}, {Mrkdwn.Truncate(Mrkdwn.Escape(deadline.Step), StepInSentence)},";
        if (!deadline.IsOpen)
            return $"{step} was due at {Mrkdwn.Time(deadline.Due)}, and this update reports what came of it";
        return $"{step} falls due at {Mrkdwn.Time(deadline.Due)}"
            + (crisis.SettlesTheory(deadline) && deadline.Theory is { } theory ? $" and decides whether {theory} holds" : "");
    }

    /// <summary>
    /// One composition for the digest and the status: a fixed handful of blocks (well under Slack's 50), each text cut
    /// before 3,000 characters with a pointer to the technical channel, and no heading without something under it.
    /// </summary>
    private static SlackMessage Compose(Crisis crisis, SlackUser? owner, NextUpdate next, string header, string? late, DateTimeOffset now, string lead)
    {
        var blocks = Blocks(
            Block.Header(header),
            Context.ContextBlocks.Section(crisis),
            late is null ? null : Block.Section(late),
            Block.Section($"{Headline(crisis, now)}\n*Impact:* {TriageBlocks.Impact(crisis)}{Expectations.ExpectationBlocks.OnNewLine(crisis)}"),
            WhatWeKnow(crisis),
            Block.Section(WhatWeAreDoing(crisis, now)),
            WhatWeNeed(crisis, now),
            Block.Section($"*Who owns it:* {OwnerLine(crisis, owner)}, accountable owner{Owner.OwnerBlocks.Sponsor(crisis)}"),
            Block.Context(Footer(crisis, next, now)));
        var text = $"{lead}: {Mrkdwn.Truncate(Mrkdwn.Escape(crisis.Title), 150)}{CustomerPlain(crisis)} · {StatusWord(crisis)}. Next update {Plain(next.Due)}.";
        return new(text, blocks);
    }

    /// <summary>
    /// Playbook §5 and §7: the working explanation, the facts and answered questions with how we know them, and the
    /// theories ruled out so nobody asks about them again.
    /// </summary>
    private static JsonObject? WhatWeKnow(Crisis crisis)
    {
        var lines = new List<string>();
        var more = Technical(crisis);
        if (crisis.WorkingExplanation is { } working)
        {
            var confirmed = working.SettledAt is { } at ? $", confirmed at {Mrkdwn.Time(at)}" : "";
            lines.Add($"*Cause identified* ({working.Id}{confirmed}): {Cut(Mrkdwn.Escape(working.Statement), Explanation, more)}");
        }

        // Newest first, as for theories ruled out: what was learnt last is what executives have not heard yet.
        var known = crisis.Record.Facts.Select(f => (f.At, Line: $"• {f.Id}: {Cut(Mrkdwn.Escape(f.Statement), ListItem, more)} {Source(f.Source, more)}"))
            .Concat(crisis.Record.Questions.Where(q => q.Answer is not null).Select(q => (q.Answer!.At,
                Line: $"• {q.Id} {Cut(Mrkdwn.Escape(q.Text), ListItem, more)} {Cut(Mrkdwn.Escape(q.Answer.Text), ListItem, more)} {Source(q.Answer.Source, more)}")))
            .OrderByDescending(k => k.At)
            .Select(k => k.Line)
            .ToList();
        if (known.Count > 0)
        {
            lines.Add("*Facts, and how we know them:*");
            lines.AddRange(known.Take(FactsShown));
        }

        // Newest first: what was ruled out last is what executives may still be asking about.
        var ruledOut = crisis.Theories.Where(t => t.Status == TheoryStatus.Disproved)
            .OrderByDescending(t => t.SettledAt).ThenByDescending(t => t.Id.Number).ToList();
        if (ruledOut.Count > 0)
        {
            lines.Add("*Ruled out:*");
            lines.AddRange(ruledOut.Take(RuledOutShown).Select(t => $"• {t.Id}: {Cut(Mrkdwn.Escape(t.Statement), ListItem, more)}"));
        }

        var hidden = Math.Max(known.Count - FactsShown, 0) + Math.Max(ruledOut.Count - RuledOutShown, 0);
        return lines.Count == 0 ? null : Block.Section(Listed("*What we know*", lines, more, hidden));
    }

    /// <summary>Playbook §7: a fact is shown with how we know it, in the reader's eye right after the fact.</summary>
    private static string Source(string source, string more) => $"_(source: {Cut(Mrkdwn.Escape(source), ListItem, more)})_";

    /// <summary>
    /// Playbook §5 and §6: the theories being worked with their plans in plain words, the next deadline, any deadline
    /// overdue, and the deadlines kept and missed so far.
    /// </summary>
    private static string WhatWeAreDoing(Crisis crisis, DateTimeOffset now)
    {
        var lines = new List<string>();
        var more = Technical(crisis);
        var worked = crisis.Theories.Where(t => t.Status == TheoryStatus.Open).ToList();
        foreach (var theory in worked)
        {
            var by = crisis.PlanOf(theory.Id) is { IsOpen: true } plan ? $", by {Mrkdwn.Time(plan.Due)} ({plan.Id})" : "";
            lines.Add($"• Testing {theory.Id}: {Cut(Mrkdwn.Escape(theory.Statement), ListItem, more)}. "
                + $"_To prove or disprove it:_ {Cut(Mrkdwn.Escape(theory.Plan), ListItem, more)}{by}");
        }

        if (worked.Count == 0 && crisis.WorkingExplanation is null)
            lines.Add("No working theory is written down yet; the engineers are gathering the facts to write one with a deadline.");

        var open = crisis.OpenByDue.ToList();
        if (open.FirstOrDefault(d => d.Due > now) is { } upcoming)
        {
            var decides = crisis.SettlesTheory(upcoming) && upcoming.Theory is { } theory ? $"; it decides whether {theory} holds" : "";

            // A plan already read above as "to prove or disprove it" is named by its label only: 20 seconds, not 40.
            var step = worked.Any(t => crisis.PlanOf(t.Id)?.Id == upcoming.Id) ? "" : $", {Cut(Mrkdwn.Escape(upcoming.Step), ListItem, more)},";
            lines.Add($"*Next deadline:* {upcoming.Id}{step} at {Mrkdwn.Time(upcoming.Due)} ({Mrkdwn.In(upcoming.Due - now)}){decides}.");
        }

        foreach (var overdue in open.Where(d => d.Due <= now))
        {
            lines.Add($"*Overdue:* {overdue.Id}, {Cut(Mrkdwn.Escape(overdue.Step), ListItem, more)}, was due at {Mrkdwn.Time(overdue.Due)}; "
                + $"{Mrkdwn.Mention(crisis.Owner)} has been asked for the result.");
        }

        var kept = crisis.Deadlines.Count(d => d.Record == DeadlineRecord.Kept);
        var missed = crisis.Deadlines.Count(d => d.Record == DeadlineRecord.Missed);
        if (kept + missed > 0)
            lines.Add($"*Deadlines so far:* {kept} kept, {missed} missed.");

        return Listed("*What we are doing*", lines, more);
    }

    /// <summary>
    /// Playbook §10: what we have asked of the customer and still wait for, oldest first with how long it has been open,
    /// so the business can chase it and see how much we ask. No section while nothing is open.
    /// </summary>
    private static JsonObject? WhatWeNeed(Crisis crisis, DateTimeOffset now)
    {
        var open = crisis.Record.OpenAsks.ToList();
        if (open.Count == 0)
            return null;
        var more = Technical(crisis);
        var lines = open.Take(AsksShown)
            .Select(a => $"• {a.Id}: {Cut(Mrkdwn.Escape(a.Request), ListItem, more)}, asked {Mrkdwn.Duration(now - a.At)} ago. "
                + $"_Why:_ {Cut(Mrkdwn.Escape(a.Reason), ListItem, more)}")
            .ToList();
        var customer = Mrkdwn.Escape(RecordRules.Customer(crisis));
        return Block.Section(Listed($"*What we need from {customer}*", lines, more, Math.Max(open.Count - AsksShown, 0)));
    }

    // ---------------------------------------------------------------- the owner's own update

    /// <summary>
    /// Playbook §3 and §9: the owner's own words in the business channel, attributed to them, with the same footer as
    /// a digest. The words are never cut: Slack's 3,000-character limit is met by splitting them over sections.
    /// </summary>
    public static SlackMessage OwnerUpdate(Crisis crisis, BusinessUpdate update, SlackUser? owner, DateTimeOffset now)
    {
        var author = update.By ?? crisis.Owner;
        var words = Mrkdwn.Escape(update.Text ?? "");
        var blocks = Blocks(
            [
                Block.Header($":briefcase: Crisis {crisis.Id} · business update {update.Number}"),
                Block.Context($"*Crisis {crisis.Id}{Customer(crisis)}:* {Mrkdwn.Escape(crisis.Title)} · {crisis.Severity.Label()}"),
                .. Pieces(words, MaxText).Select(Block.Section),
                Block.Context($"From {AuthorLine(author, crisis, owner)}, {Role(author, crisis)}"),
                Block.Context(Footer(crisis, update.Next, now)),
            ]);
        return new(
            $"Crisis {crisis.Id} update {update.Number} from the {(author == crisis.Ownership.Sponsor ? "sponsor" : "owner")}: {Mrkdwn.Truncate(words, 200)} Next update {Plain(update.Next.Due)}.",
            blocks);
    }

    // ---------------------------------------------------------------- the technical channel

    /// <summary>
    /// Ahead of a business update's time, the owner is asked in the technical channel whether to send the digest now
    /// or write their own; if nobody acts, the digest goes out on time by itself (the business channel is never late).
    /// </summary>
    public static SlackMessage Reminder(Crisis crisis, SlackUser? owner, UpdatePolicy policy, DateTimeOffset now)
    {
        var due = crisis.Updates.Next.Due;
        var business = Business(crisis);

        // The draft's own promise: what the digest would say of the update after it, were it sent at its time.
        var then = UpdateRules.Automatic(crisis, policy, due);
        var value = ButtonValue(crisis.Id, crisis.Updates.NextNumber);
        return new(
            $"Business update {crisis.Updates.NextNumber} is due {Mrkdwn.In(due - now)} ({Plain(due)}). Post the digest or write your own.",
            Blocks(
                Block.Section($":memo: {Mrkdwn.Mention(crisis.Owner)} *business update {crisis.Updates.NextNumber} is due at {Mrkdwn.Time(due)}* "
                    + $"({Mrkdwn.In(due - now)}) in {business}."),
                Block.Section($"*The digest opens with:*\n{Headline(crisis, due)}"),
                Block.Context($"If nobody acts, the digest goes out at {Mrkdwn.Time(due)} by itself, "
                    + $"and promises the next update at {Mrkdwn.Time(then.Due)} because {NextReason(crisis, then)}."),
                Block.Actions(ReminderActionsBlock,
                    Block.Button("Post the digest now", PostDigestAction, value, "primary"),
                    Block.Button("Write my own", WriteOwnAction, value))));
    }

    /// <summary>The reminder once an update went out: what was sent and when, without the buttons.</summary>
    public static SlackMessage ReminderDone(Crisis crisis, BusinessUpdate given)
    {
        var what = WhatWentOut(crisis, given, withSender: true);
        return new(
            $"Business update {given.Number} went out at {Plain(given.At)}.",
            Blocks(Block.Section($":white_check_mark: Business update {given.Number} went out at {Mrkdwn.Time(given.At)} ({what}) in {Business(crisis)}.")));
    }

    /// <summary>
    /// What an update was, in a few words: the owner's own words, or the digest (and, with <paramref name="withSender"/>,
    /// who asked for it when the clock did not send it by itself).
    /// </summary>
    public static string WhatWentOut(Crisis crisis, BusinessUpdate update, bool withSender) => update.Kind == UpdateKind.Owner
        ? $"{Mrkdwn.Mention(update.By ?? crisis.Owner)}'s own words"
        : withSender && update.By is { } by ? $"the digest, sent by {Mrkdwn.Mention(by)}" : "the digest";

    /// <summary>
    /// Issue 8, item 7: the one line engineers see of each business update, so they know what the business was told.
    /// <paramref name="link"/> is the post's permalink, or a channel link (<c>&lt;#C…&gt;</c>) when there is none.
    /// </summary>
    public static SlackMessage Pointer(Crisis crisis, BusinessUpdate update, string link)
    {
        var to = link.StartsWith("<#", StringComparison.Ordinal) ? link : $"<{Mrkdwn.Escape(link)}|view it>";
        var what = WhatWentOut(crisis, update, withSender: false);
        return new(
            $"Business update {update.Number} posted ({(update.Kind == UpdateKind.Owner ? "the owner's words" : "the digest")}). Next update {Plain(update.Next.Due)}.",
            Blocks(Block.Section($":briefcase: Business update {update.Number} posted: {to} ({what}). Next update at {Mrkdwn.Time(update.Next.Due)}.")));
    }

    // ---------------------------------------------------------------- material news for the business channel

    /// <summary>Issue 8, item 8: a confirmed working explanation reaches the business channel at once, not only in the next digest.</summary>
    public static SlackMessage ExplanationFound(Crisis crisis, Theory theory, Deadline plan, DateTimeOffset now)
    {
        var more = Technical(crisis);
        var statement = Cut(Mrkdwn.Escape(theory.Statement), Explanation, more);
        var at = plan.Outcome?.At is { } recorded ? $" at {Mrkdwn.Time(recorded)}" : "";
        return new(
            $"Crisis {crisis.Id}: cause identified: {Mrkdwn.Truncate(Mrkdwn.Escape(theory.Statement), 200)}",
            Blocks(
                Block.Section($":white_check_mark: *Cause identified* ({theory.Id}): {statement}"),
                Block.Section($"*How we know:* {plan.Id}, {Cut(Mrkdwn.Escape(plan.Step), ListItem, more)}, confirmed it{at}."),
                Block.Section("*What happens next:* the fix is being worked."),
                Block.Context(Footer(crisis, crisis.Updates.Next, now))));
    }

    /// <summary>
    /// Issue 8, item 8: a deadline the business channel heard was missed has its outcome at last. What it showed and what
    /// it changes, in business words.
    /// </summary>
    public static SlackMessage LateOutcome(Crisis crisis, Deadline deadline, DateTimeOffset now)
    {
        var more = Technical(crisis);
        var step = Cut(Mrkdwn.Escape(deadline.Step), ListItem, more);
        var came = deadline.Outcome is { } o ? $" The result came in at {Mrkdwn.Time(o.At)}." : "";
        return new(
            $"Crisis {crisis.Id}: the missed deadline {deadline.Id} has its result.",
            Blocks(
                Block.Section($":information_source: *The missed deadline has its result.* The team had committed to an answer by {Mrkdwn.Time(deadline.Due)} "
                    + $"on {deadline.Id}: {step}.{came}"),
                Block.Section($"*What it changes:* {WhatItChanges(crisis, deadline, now)}"),
                Block.Context(Footer(crisis, crisis.Updates.Next, now))));
    }

    /// <summary>
    /// Playbook §11: bad news goes out fast. The missed step, what it was meant to settle, that the owner has been asked
    /// for the outcome, and when the business channel hears next and why then.
    /// </summary>
    public static SlackMessage MissedBusiness(Crisis crisis, Deadline deadline, DeadlinePolicy policy, DateTimeOffset now)
    {
        var more = Technical(crisis);
        var next = deadline.Outcome is { } outcome
            ? $"It has since been recorded as *{DiagnosisRules.Word(outcome.Outcome)}*: {WhatItChanges(crisis, deadline, now)}"
            : deadline.Withdrawal is not null
            ? "It has since been withdrawn as recorded by mistake; it stays on the record and counts as neither kept nor missed."
            : $"{Mrkdwn.Mention(crisis.Owner)} has been asked for the result, or a new deadline with its reason, and will tell you here what it changes."
                + Owner.OwnerBlocks.SponsorOnMissedDeadline(crisis);
        return new(
            $"Crisis {crisis.Id}: a diagnostic deadline ({deadline.Id}) was missed.",
            Blocks(
                Block.Section($":warning: *A diagnostic deadline was missed.* The team committed to an answer by {Mrkdwn.Time(deadline.Due)} "
                    + $"on {deadline.Id}: {Cut(Mrkdwn.Escape(deadline.Step), ListItem, more)}. No result came within {Mrkdwn.Duration(policy.EscalateAfter)} of that time."),
                MeantToSettle(crisis, deadline) is { } meant ? Block.Section($"*It was meant to settle:* {meant}") : null,
                Block.Section($"*What happens next:* {next}"),
                Block.Context(Footer(crisis, crisis.Updates.Next, now))));
    }

    /// <summary>The theory a step was for, in the words of the record: the plan decides it, a side step only adds evidence.</summary>
    private static string? MeantToSettle(Crisis crisis, Deadline deadline)
    {
        if (deadline.Theory is not { } id || crisis.Theory(id) is not { } theory)
            return null;
        var statement = Cut(Mrkdwn.Escape(theory.Statement), ListItem, Technical(crisis));
        return crisis.SettlesTheory(deadline)
            ? $"whether {theory.Id} holds: {statement}"
            : $"part of the evidence on {theory.Id}: {statement}";
    }

    /// <summary>What an outcome changes, as the record has it after the outcome was recorded.</summary>
    private static string WhatItChanges(Crisis crisis, Deadline deadline, DateTimeOffset now)
    {
        var more = Technical(crisis);
        var theory = deadline.Theory is { } id ? crisis.Theory(id) : null;
        var settles = theory is not null && crisis.SettlesTheory(deadline);
        switch (deadline.Outcome?.Outcome)
        {
            case Outcome.Confirmed when settles:
                return $"the cause is identified ({theory!.Id}): {Cut(Mrkdwn.Escape(theory.Statement), Explanation, more)}. The fix is being worked.";
            case Outcome.Disproved when settles:
                var nextTheory = crisis.Theories.FirstOrDefault(t => t.Status == TheoryStatus.Open);
                var moving = nextTheory is null
                    ? "the team is writing down the next theory to test."
                    : $"the team moves on to {nextTheory.Id}: {Cut(Mrkdwn.Escape(nextTheory.Statement), ListItem, more)}.";
                return $"{theory!.Id} is ruled out ({Cut(Mrkdwn.Escape(theory.Statement), ListItem, more)}); {moving}";
            case Outcome.Confirmed or Outcome.Disproved when theory is not null:
                return $"it is one piece of evidence on {theory.Id}, which is still {DiagnosisRules.Word(theory.Status)}.";
            case Outcome.Confirmed:
                return "it showed what the team expected; the work goes on from there.";
            case Outcome.Disproved:
                return "it did not show what the team expected; the team is looking elsewhere.";
            case Outcome.Extended:
                var reason = deadline.Outcome!.Note is { } note ? $": {Cut(Mrkdwn.Escape(note), ListItem, more)}" : "";
                return deadline.ExtendedBy is { } later && crisis.Deadline(later) is { } replacement
                    ? $"the team needs more time{reason}. The new deadline is {replacement.Id}, at {Mrkdwn.Time(replacement.Due)} ({Mrkdwn.In(replacement.Due - now)})."
                    : $"the team needs more time{reason}.";
            default:
                return deadline.Withdrawal is not null
                    ? "it was withdrawn as recorded by mistake; it counts as neither kept nor missed."
                    : $"no result yet; {Mrkdwn.Mention(crisis.Owner)} has been asked for it.";
        }
    }

    // ---------------------------------------------------------------- pieces

    private static string OwnerLine(Crisis crisis, SlackUser? owner) => Owner.OwnerBlocks.OwnerLine(crisis, owner);

    /// <summary>The phone is the owner's; an update by someone else (a hand-over later) names only that person.</summary>
    private static string AuthorLine(UserId author, Crisis crisis, SlackUser? owner) =>
        author == crisis.Owner ? OwnerLine(crisis, owner) : Mrkdwn.Mention(author);

    /// <summary>The sponsor may speak for the crisis too (playbook §3); the business should still see who is accountable.</summary>
    private static string Role(UserId author, Crisis crisis) => author == crisis.Ownership.Sponsor && author != crisis.Owner
        ? $"executive sponsor, for the accountable owner {Mrkdwn.Mention(crisis.Owner)}"
        : "accountable owner";

    private static string Customer(Crisis crisis) => crisis.Customer is { } c ? $" · {Mrkdwn.Escape(c)}" : "";

    private static string CustomerPlain(Crisis crisis) => crisis.Customer is { } c ? $" ({Mrkdwn.Truncate(Mrkdwn.Escape(c), 100)})" : "";

    private static string Technical(Crisis crisis) => crisis.Technical.Channel is { } t ? Mrkdwn.Link(t) : "the technical channel";

    private static string Business(Crisis crisis) => crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "the business channel";

    /// <summary>Escaped text shortened to <paramref name="max"/> characters, ending "… more in &lt;#technical&gt;" when cut.</summary>
    private static string Cut(string escaped, int max, string more)
    {
        if (escaped.Length <= max)
            return escaped;
        var pointer = $" more in {more}";
        return Mrkdwn.Truncate(escaped, Math.Max(max - pointer.Length, 1)) + pointer;
    }

    /// <summary>
    /// A heading and its lines in one text of at most <see cref="MaxText"/> characters: lines that do not fit, and the
    /// <paramref name="hidden"/> ones left out before, are counted and pointed to the technical channel ("… 12 more in #…"),
    /// never cut in the middle.
    /// </summary>
    private static string Listed(string heading, IReadOnlyList<string> lines, string more, int hidden = 0)
    {
        var text = new StringBuilder(heading);
        for (var i = 0; i < lines.Count; i++)
        {
            var left = lines.Count - i - 1 + hidden;
            var room = MaxText - (left > 0 ? MoreIn(left, more).Length : 0);
            if (text.Length + 1 + lines[i].Length > room)
                return text.Append(MoreIn(lines.Count - i + hidden, more)).ToString();
            text.Append('\n').Append(lines[i]);
        }

        return hidden > 0 ? text.Append(MoreIn(hidden, more)).ToString() : text.ToString();
    }

    private static string MoreIn(int count, string more) => $"\n… {count} more in {more}";

    /// <summary>
    /// Escaped text in pieces of at most <paramref name="max"/> characters, each ending at a space where there is one,
    /// and never inside an entity (<c>&amp;amp;</c>) or an emoji's surrogate pair.
    /// </summary>
    private static IEnumerable<string> Pieces(string escaped, int max)
    {
        var rest = escaped;
        while (rest.Length > max)
        {
            var cut = max;
            if (rest.LastIndexOf('&', cut - 1) is var amp && amp >= 0 && rest.IndexOf(';', amp) is var end && end >= cut)
                cut = amp;
            if (char.IsHighSurrogate(rest[cut - 1]))
                cut--;
            if (rest.LastIndexOf(' ', cut - 1) is var space && space > max / 2)
                cut = space + 1;
            yield return rest[..cut].TrimEnd();
            rest = rest[cut..];
        }

        if (rest.Length > 0)
            yield return rest;
    }

    /// <summary>
    /// The blocks that are there: an absent section simply has no block. Every message here has a fixed handful, far
    /// under Slack's 50; long content is cut inside its section instead.
    /// </summary>
    private static JsonArray Blocks(params JsonObject?[] blocks) => new([.. blocks.Where(b => b is not null)]);

    /// <summary>Notification text shows no date tokens on every device, so it names UTC.</summary>
    private static string Plain(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
