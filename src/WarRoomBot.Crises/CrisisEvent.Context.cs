namespace WarRoomBot.Crises;

public abstract partial record CrisisEvent
{
    /// <summary>
    /// Issue 15: the customer's own account of the crisis: what brought it to their attention and why it hurts them. All of
    /// them are folded by <see cref="CustomerContext.Evolve"/>.
    /// </summary>
    public abstract record AboutContext : CrisisEvent
    {
        private protected AboutContext()
        {
        }
    }

    /// <summary>
    /// Entry <paramref name="Number"/> of the customer's context, in their words. <paramref name="AtOpening"/>: given in the
    /// open form, so the kickoffs are posted with it and need no refresh.
    /// </summary>
    public sealed record ContextAdded(int Number, string Text, bool AtOpening, UserId By, DateTimeOffset At) : AboutContext;
}
