namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    /// <summary>
    /// <c>debrief</c> takes nothing after it: the document is the whole record of the crisis whose channel it is typed in,
    /// so words after it would be silently dropped.
    /// </summary>
    private static CrisisCommand ParseDebrief(string rest) => rest.Length == 0
        ? new CrisisCommand.Debrief()
        : new CrisisCommand.Invalid(
            $"`debrief` takes nothing after it ({Usage.Echo(rest)} was added); it writes the whole record of the crisis whose channel it is typed in.",
            Usage.For("debrief"));
}
