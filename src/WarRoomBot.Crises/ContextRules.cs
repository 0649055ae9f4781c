namespace WarRoomBot.Crises;

/// <summary><c>context &lt;what brought it to their attention, and why it hurts them&gt;</c>.</summary>
public sealed record AddContext(string Text, UserId By);

/// <summary>
/// Issue 15, the customer's context: ask the customer what brought it to their attention and why it hurts them, because a
/// "small freeze" can stop cash registers in 300 stores (playbook §1, triage by the customer's pain). It is recorded in
/// their words and shown first in the business kickoff and every digest.
/// <para>
/// Who: anyone in the crisis's channels (support and account managers hear the customer first). Entries are added, never
/// edited: what the customer tells us later is a new entry beside the earlier ones.
/// </para>
/// </summary>
public static class ContextRules
{
    /// <summary>Longer than this is a report, not the customer's context; the detail belongs in the technical channel.</summary>
    public const int MaxTextLength = 500;

    public const string Example = "`/crisis context the store managers called when the tills froze at opening; every frozen till is a queue of customers walking out`";

    public static Decision Add(Crisis crisis, AddContext command, DateTimeOffset now)
    {
        if (LifecycleRules.UntilClosed(crisis) is { } closed)
            return closed;
        return Checked(command.Text) is { } text
            ? Decision.Accept(new CrisisEvent.ContextAdded(crisis.Context.NextNumber, text, false, command.By, now))
            : Decision.Reject(Refusal(command.Text));
    }

    /// <summary>The context given in the open form, recorded with the opening as the first entry; null when none was given.</summary>
    public static Decision? AtOpening(CrisisEvent.Opened opened, string? given)
    {
        if (string.IsNullOrWhiteSpace(given))
            return null;
        return Checked(given) is { } text
            ? Decision.Accept(new CrisisEvent.ContextAdded(1, text, true, opened.OpenedBy, opened.At))
            : Decision.Reject(Refusal(given));
    }

    private static string? Checked(string given)
    {
        var text = given.Trim();
        return text.Length is > 0 and <= MaxTextLength ? text : null;
    }

    private static string Refusal(string given)
    {
        var text = given.Trim();
        return text.Length == 0
            ? $"Say what brought it to the customer's attention and why it hurts them, in their words, e.g. {Example}."
            : $"The customer's context is {text.Length} characters; keep it under {MaxTextLength}, in the customer's words, and put the detail in the technical channel. Nothing was recorded.";
    }
}
