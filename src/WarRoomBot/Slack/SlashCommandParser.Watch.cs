namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    /// <summary>
    /// <c>watch</c> takes nothing after it: it always weighs every customer against the configured thresholds, so words
    /// after it (a customer's name, a number of days) would be silently dropped.
    /// </summary>
    private static CrisisCommand ParseWatch(string rest) => rest.Length == 0
        ? new CrisisCommand.Watch()
        : new CrisisCommand.Invalid(
            $"`watch` takes nothing after it ({Usage.Echo(rest)} was added); it lists every customer at risk now, worst first, "
            + "by the thresholds the bot is configured with.",
            Usage.For("watch"));
}
