namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary><c>watch</c>: the customers at risk now, from their support cases (issue 15), worst first.</summary>
    public sealed record Watch : CrisisCommand;
}
