namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    /// <summary>
    /// <c>list</c> takes nothing after it: it always lists every open crisis, so words after it would be silently dropped.
    /// </summary>
    private static CrisisCommand ParseList(string rest) => rest.Length == 0
        ? new CrisisCommand.ListOpen()
        : new CrisisCommand.Invalid(
            $"`list` takes nothing after it ({Usage.Echo(rest)} was added); it lists every open crisis, worst first. "
            + "For one crisis, name it: `/crisis status 42`.",
            Usage.For("list"));
}
