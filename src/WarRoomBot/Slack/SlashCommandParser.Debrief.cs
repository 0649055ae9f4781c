namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    /// <summary>
    /// <c>debrief [#42]</c> takes nothing else: the document is the whole record of the crisis, so words after it would be
    /// silently dropped.
    /// </summary>
    private static CrisisCommand ParseDebrief(string rest)
    {
        var (crisis, problem) = NamedCrisis(ref rest, bare: true);
        if (problem is not null)
            return new CrisisCommand.Invalid(problem, Usage.For("debrief"));
        return rest.Length == 0
            ? new CrisisCommand.Debrief(crisis)
            : new CrisisCommand.Invalid(
                $"`debrief` takes only the crisis's number ({Usage.Echo(rest)} was added); it writes the whole record of the crisis.",
                Usage.For("debrief"));
    }
}
