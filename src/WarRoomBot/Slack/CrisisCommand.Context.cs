namespace WarRoomBot.Slack;

public abstract partial record CrisisCommand
{
    /// <summary><c>context &lt;what brought it to the customer's attention, and why it hurts them&gt;</c> (issue 15).</summary>
    public sealed record AddContext(string Text) : CrisisCommand;
}
