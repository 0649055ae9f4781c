using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Features.Updates;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Diagnosis;

/// <summary>
/// What the rooms are owed about theories and deadlines, derived from the folded crisis alone, in the order it happens:
/// the deadline, its reminder, its due post, its outcome, and what the business channel must hear at once (playbook §11).
/// </summary>
public static class DiagnosisPosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        foreach (var deadline in crisis.Deadlines)
        {
            foreach (var owed in Owed(crisis, deadline))
                yield return owed;
        }
    }

    private static IEnumerable<OwedPost> Owed(Crisis crisis, Deadline deadline)
    {
        var id = deadline.Id;

        // A withdrawn entry's post says so in place: nothing is deleted, and nobody acts on it by mistake.
        var withdrawnOnSet = DiagnosisBlocks.WithdrawalShownOn(crisis, deadline) is not null;
        var set = Post(crisis, id, "set", "deadline", ChannelKind.Technical, c => DiagnosisBlocks.DeadlineSet(c.Crisis, Of(c, id), c.Now)) with { Final = withdrawnOnSet };
        yield return set;
        if (withdrawnOnSet && crisis.PostFor(set.Key) is { Updated: false } setPost)
            yield return set with { Step = StepName(id, "withdrawal on its deadline post", ChannelKind.Technical), Replaces = setPost };

        // A reminder that could not go out before the due time is dropped: the due post says more. A withdrawn deadline needs none.
        if (deadline.Reminded && !deadline.FellDue && deadline.Withdrawal is null)
            yield return Post(crisis, id, "reminder", "reminder", ChannelKind.Technical, c => DiagnosisBlocks.Reminder(c.Crisis, Of(c, id), c.Now));
        if (deadline.FellDue)
        {
            var due = Post(crisis, id, "due", "due notice", ChannelKind.Technical, c => DiagnosisBlocks.Due(c.Crisis, Of(c, id))) with { Final = !deadline.IsOpen };
            yield return due;

            // The buttons give way to the outcome or the withdrawal once there is one, whoever recorded it and however.
            if (!deadline.IsOpen && crisis.PostFor(due.Key) is { Updated: false } post)
                yield return due with { Step = StepName(id, "outcome on its due notice", ChannelKind.Technical), Replaces = post, Final = false };
        }

        if (deadline.Outcome is { Outcome: Outcome.Confirmed or Outcome.Disproved })
        {
            yield return Post(crisis, id, "outcome", "outcome", ChannelKind.Technical, c => DiagnosisBlocks.Outcome(c.Crisis, Of(c, id)));

            // Playbook §11: a working explanation is material news; the business channel hears it now, not at the next digest.
            // A missed plan's notice that shows the outcome already says it.
            if (deadline.Outcome.Outcome == Outcome.Confirmed && crisis.SettlesTheory(deadline) && deadline.Theory is { } theory
                && IsNews(crisis, deadline.Outcome) && (!deadline.Escalated || crisis.PostFor(MissedKey(crisis, id)) is { Updated: false }))
            {
                yield return Post(crisis, id, "explanation", "working explanation", ChannelKind.Business,
                    c => UpdateBlocks.ExplanationFound(c.Crisis, c.Crisis.Theory(theory)!, Of(c, id), c.Now));
            }
        }

        // A theory withdrawn with its deadlines gets one notice, on its plan; a deadline withdrawn on its own gets its own.
        if (deadline.Withdrawal is { } withdrawal
            && !(deadline.Theory is { } withdrawnTheory && crisis.Theory(withdrawnTheory)?.Withdrawal?.At == withdrawal.At && crisis.PlanOf(withdrawnTheory)?.Id != deadline.Id))
            yield return Post(crisis, id, "withdrawn", "withdrawal notice", ChannelKind.Technical, c => DiagnosisBlocks.Withdrawn(c.Crisis, Of(c, id)));
        if (deadline.Escalated)
        {
            // Once an outcome or a withdrawal is in, the owner needs no chasing; the business channel still hears it was missed.
            if (deadline.IsOpen)
                yield return Post(crisis, id, "missed", "missed-deadline notice to the owner", ChannelKind.Technical,
                    c => DiagnosisBlocks.MissedTechnical(c.Crisis, Of(c, id), c.Policy.Deadlines));
            // Made after the outcome came in, the notice shows it, and nothing more is owed about it.
            var missed = Post(crisis, id, "missed-business", "missed-deadline notice", ChannelKind.Business,
                c => UpdateBlocks.MissedBusiness(c.Crisis, Of(c, id), c.Policy.Deadlines, c.Now)) with { Final = !deadline.IsOpen };
            yield return missed;

            // The business channel was told the step was missed; when its outcome finally comes, it hears what that changes.
            // A confirmed plan is told as the working explanation.
            if (deadline.Outcome is { } late && crisis.PostFor(missed.Key) is { Updated: false } && IsNews(crisis, late)
                && !(late.Outcome == Outcome.Confirmed && crisis.SettlesTheory(deadline)))
                yield return Post(crisis, id, "late-outcome", "late outcome", ChannelKind.Business, c => UpdateBlocks.LateOutcome(c.Crisis, Of(c, id), c.Now));
        }
    }

    /// <summary>
    /// An outcome is news for the business channel until a business update has gone out since: that update already told
    /// it. So a crisis whose history predates business updates does not replay old outcomes as news.
    /// </summary>
    private static bool IsNews(Crisis crisis, DeadlineOutcome outcome) => !crisis.Updates.Given.Any(u => u.At > outcome.At);

    private static string MissedKey(Crisis crisis, DeadlineId id) => Key(crisis, id, "missed-business");

    private static Deadline Of(PostContext context, DeadlineId id) => context.Crisis.Deadline(id)!;

    private static OwedPost Post(Crisis crisis, DeadlineId id, string key, string words, ChannelKind room, Func<PostContext, SlackMessage> render) =>
        new(Key(crisis, id, key), room, StepName(id, words, room), render);

    private static string Key(Crisis crisis, DeadlineId id, string key) =>
        string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-d{id.Number}-{key}");

    private static string StepName(DeadlineId id, string words, ChannelKind room) => $"posting {id}'s {words} {OwedPosts.In(room)}";
}
