namespace WarRoomBot.Slack;

/// <summary>Resolution and follow-up (playbook §13): <c>resolve</c>, <c>accepted</c> and <c>reopen</c>.</summary>
public static partial class SlashCommandParser
{
    private const string AbandonKeyword = "abandon";

    /// <summary>
    /// <c>resolve &lt;what fixed it&gt; [abandon]</c>: a last word <c>abandon</c> records the open deadlines as abandoned; anywhere
    /// else it is part of what fixed it.
    /// </summary>
    private static CrisisCommand ParseResolve(string rest)
    {
        var text = rest.TrimEnd();
        var abandon = false;
        if (text.Equals(AbandonKeyword, StringComparison.OrdinalIgnoreCase) || text.EndsWith(" " + AbandonKeyword, StringComparison.OrdinalIgnoreCase))
        {
            abandon = true;
            text = TrimPause(text[..^AbandonKeyword.Length]);
        }

        var fix = PlainText(StripQuotes(text));
        return fix.Length == 0
            ? new CrisisCommand.Invalid("Say what fixed it, so the record and the business channel know.", Usage.For("resolve"))
            : new CrisisCommand.Resolve(fix, abandon);
    }

    private static CrisisCommand ParseAccepted(string rest)
    {
        var note = PlainText(StripQuotes(rest.Trim()));
        return new CrisisCommand.Accepted(note.Length == 0 ? null : note);
    }

    /// <summary><c>reopen because &lt;why&gt;</c>; the <c>because</c> may be left out.</summary>
    private static CrisisCommand ParseReopen(string rest)
    {
        var text = rest.Trim();
        if (KeywordPositions(text, "because") is [0, ..])
            text = text["because".Length..];
        var reason = PlainText(StripQuotes(text.Trim()));
        return new CrisisCommand.Reopen(reason.Length == 0 ? null : reason);
    }
}
