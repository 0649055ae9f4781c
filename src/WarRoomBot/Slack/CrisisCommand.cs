using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>The text after <c>/crisis</c>, parsed once into what the person asked for (or why it cannot be done).</summary>
public abstract partial record CrisisCommand
{
    private CrisisCommand()
    {
    }

    /// <summary><c>open &lt;title&gt; [sev1..sev4] [customer: &lt;name&gt;] [owner: @user]</c>; a missing severity or owner is the policy's to fill.</summary>
    public sealed record Open(string Title, Severity? Severity, string? Customer, UserId? Owner) : CrisisCommand;

    /// <summary><c>open</c> with no title: the form asks for the rest.</summary>
    public sealed record OpenModal : CrisisCommand;

    /// <summary><c>help</c>, <c>help &lt;verb&gt;</c>, and empty text. <paramref name="Verb"/> is lower case and may not be a real verb.</summary>
    public sealed record Help(string? Verb) : CrisisCommand;

    /// <summary>
    /// <c>theory [anyway] &lt;statement&gt; prove &lt;plan&gt; by &lt;time&gt;</c> (playbook §5). <paramref name="Anyway"/> records it even
    /// when it repeats a theory typed a moment ago.
    /// </summary>
    public sealed record ProposeTheory(string Statement, string Plan, TimeExpression Due, bool Anyway = false) : CrisisCommand;

    /// <summary><c>deadline [anyway] &lt;next step&gt; by &lt;time&gt; [for T1]</c> (playbook §6).</summary>
    public sealed record SetDeadline(string Step, TimeExpression Due, TheoryId? Theory, bool Anyway = false) : CrisisCommand;

    /// <summary>
    /// <c>withdraw T4|D3 because &lt;reason&gt;</c>: a mistaken entry stays on the record as withdrawn. Exactly one of
    /// <paramref name="Theory"/> and <paramref name="Deadline"/> is set; a missing reason is the rules' to refuse.
    /// </summary>
    public sealed record Withdraw(TheoryId? Theory, DeadlineId? Deadline, string? Reason) : CrisisCommand;

    /// <summary><c>confirmed D1 [note]</c> or <c>disproved D1 [note]</c>.</summary>
    public sealed record RecordOutcome(DeadlineId Deadline, Outcome Outcome, string? Note) : CrisisCommand;

    /// <summary><c>extend D1 to &lt;time&gt; because &lt;reason&gt;</c>; a missing reason is the rules' to refuse.</summary>
    public sealed record Extend(DeadlineId Deadline, TimeExpression Due, string? Reason) : CrisisCommand;

    /// <summary><c>status [42]</c>: without a number, the crisis whose channel it was typed in.</summary>
    public sealed record Status(CrisisId? Crisis) : CrisisCommand;

    /// <summary>
    /// <c>update[!] &lt;text&gt; next &lt;time&gt; because &lt;why&gt;</c>: the owner's own words for the business channel, with when the
    /// next update comes and why then (playbook §9). <paramref name="Anyway"/> (<c>update!</c>) posts past the wording
    /// check on purpose; the parser refuses a missing reason, and the rules check it again.
    /// </summary>
    public sealed record Update(string Text, TimeExpression Next, string? Reason, bool Anyway) : CrisisCommand;

    /// <summary><c>update</c> (or <c>update!</c>) with nothing after it: the form asks for the text, the next time and the reason.</summary>
    public sealed record UpdateModal : CrisisCommand;

    /// <summary><c>digest</c>: post the business digest now, restarting the update cadence from now.</summary>
    public sealed record Digest : CrisisCommand;

    /// <summary><c>fact &lt;statement&gt; source &lt;how we know&gt;</c> (playbook §7); a missing source is the rules' to refuse.</summary>
    public sealed record Fact(string Statement, string? Source) : CrisisCommand;

    /// <summary><c>question &lt;text&gt;</c>: a gap in understanding, tracked until answered.</summary>
    public sealed record Question(string Text) : CrisisCommand;

    /// <summary><c>answer Q1 &lt;answer&gt; source &lt;how we know&gt;</c>; a missing answer or source is the rules' to refuse.</summary>
    public sealed record Answer(QuestionId Id, string Text, string? Source) : CrisisCommand;

    /// <summary>
    /// <c>ask[!] &lt;what we need from the customer&gt; because &lt;why&gt;</c> (playbook §10). <paramref name="Anyway"/>
    /// (<c>ask!</c>) sends it to the business channel past the wording check on purpose; a missing reason is the rules' to refuse.
    /// </summary>
    public sealed record Ask(string Request, string? Reason, bool Anyway) : CrisisCommand;

    /// <summary><c>asked A1 done [note]</c>: what we asked of the customer is done.</summary>
    public sealed record Asked(AskId Id, string? Note) : CrisisCommand;

    /// <summary><c>park &lt;complaint or concern&gt;</c>: kept for the debrief (playbook §12).</summary>
    public sealed record Park(string Concern) : CrisisCommand;

    /// <summary>
    /// <c>spent &lt;duration&gt; [@user] [note]</c> (playbook §15); without <paramref name="Person"/>, the time is the author's.
    /// A zero, negative or too long duration is the rules' to refuse.
    /// </summary>
    public sealed record Spent(TimeSpan Duration, UserId? Person, string? Note) : CrisisCommand;

    /// <summary><c>list</c>: the open crises, worst first.</summary>
    public sealed record ListOpen : CrisisCommand;

    /// <summary>What was wrong, in words a person can act on, and the usage that would have worked.</summary>
    public sealed record Invalid(string Problem, string Usage) : CrisisCommand;
}
