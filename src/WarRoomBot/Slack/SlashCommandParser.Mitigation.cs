namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    private static CrisisCommand ParseMitigated(string rest, bool anyway)
    {
        var how = PlainText(StripQuotes(rest.Trim()));
        return how.Length == 0
            ? new CrisisCommand.Invalid("Say what relieves the customer's pain now, while the fix goes on.", Usage.For("mitigated"))
            : new CrisisCommand.Mitigated(how, anyway);
    }

    private static CrisisCommand ParseUnmitigated(string rest, bool anyway)
    {
        var text = rest.Trim();
        if (KeywordPositions(text, "because") is [0, ..])
            text = text["because".Length..];
        var why = PlainText(StripQuotes(text.Trim()));
        return why.Length == 0
            ? new CrisisCommand.Invalid("Say why the mitigation failed, so the record and the business channel know.", Usage.For("unmitigated"))
            : new CrisisCommand.Unmitigated(why, anyway);
    }
}
