using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>A crisis's history as the rules and the clock wrote it; its state is always the fold of that history.</summary>
internal sealed class Timeline(CrisisId id, CrisisEvent.Opened opened)
{
    private readonly List<CrisisEvent> history = [opened];

    public Crisis State => Crisis.Fold(id, history);

    public IReadOnlyList<CrisisEvent> History => history;

    /// <summary>What <paramref name="rule"/> decides on the crisis as it stands, without recording it.</summary>
    public Decision When(Func<Crisis, Decision> rule) => rule(State);

    /// <summary>The rule accepted, and what it decided is recorded; a refusal here is a broken given, so it fails the spec.</summary>
    public Timeline Then(Func<Crisis, Decision> rule)
    {
        var decision = When(rule);
        Assert.True(decision.IsAccepted, decision.RejectedBecause);
        history.AddRange(decision.Events);
        return this;
    }

    /// <summary>Events recorded as they are, such as what the publisher did in Slack.</summary>
    public Timeline Then(params CrisisEvent[] happened)
    {
        history.AddRange(happened);
        return this;
    }

    /// <summary>The clock ticks and whatever it decided is recorded.</summary>
    public Timeline Ticked(DateTimeOffset at, DeadlinePolicy? policy = null)
    {
        history.AddRange(DeadlineClock.Tick(State, policy ?? DeadlinePolicy.Default, at));
        return this;
    }
}
