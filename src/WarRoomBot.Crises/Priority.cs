namespace WarRoomBot.Crises;

/// <summary>One point for each <paramref name="Per"/> of a quantity, and at most <paramref name="Max"/> points.</summary>
public sealed record Scale(decimal Per, int Max)
{
    public int Points(decimal amount) => (int)Math.Min(Math.Floor(amount / Per), Max);
}

/// <summary>
/// Playbook §1: how much each part of the impact weighs in the priority score, and the scores at which a severity is
/// suggested. Configurable (<c>WarRoom:Priority</c>), because what a lost hour or a deal weighs differs between businesses.
/// </summary>
public sealed record PriorityPolicy(
    Scale Users,
    Scale Sites,
    Scale LossPerHour,
    Scale Deal,
    int Regional,
    int National,
    int Global,
    int Strategic,
    int Reference,
    int Sev1At,
    int Sev2At,
    int Sev3At)
{
    /// <summary>
    /// A thousand users, all of a customer's sites, $30,000 an hour or a $2,000,000 deal each go a long way towards a
    /// sev1 on their own; a global, strategic reference customer adds to any of them.
    /// </summary>
    public static readonly PriorityPolicy Default = new(
        Users: new(100, 20), Sites: new(10, 30), LossPerHour: new(1000, 30), Deal: new(100_000, 20),
        Regional: 5, National: 10, Global: 15, Strategic: 10, Reference: 5, Sev1At: 60, Sev2At: 35, Sev3At: 15);

    public int ScopePoints(ImpactScope scope) => scope switch
    {
        ImpactScope.Global => Global,
        ImpactScope.National => National,
        ImpactScope.Regional => Regional,
        _ => 0,
    };

    public Severity SeverityFor(int score) =>
        score >= Sev1At ? Severity.Sev1 : score >= Sev2At ? Severity.Sev2 : score >= Sev3At ? Severity.Sev3 : Severity.Sev4;
}

/// <summary>What part of the impact a share of the score came from.</summary>
public enum PriorityFactor
{
    Users,
    Sites,
    LossPerHour,
    Deal,
    Scope,
    Strategic,
    Reference,
}

/// <summary>One line of the breakdown: a factor and the points it gave.</summary>
public sealed record PriorityPoints(PriorityFactor Factor, int Points);

/// <summary>
/// Playbook §1: the priority score of a crisis, with which factor gave how much, and the severity it suggests. A pure
/// function of the recorded impact and the customer flags, so anyone can check the arithmetic.
/// </summary>
public sealed record Priority(int Score, ValueList<PriorityPoints> Breakdown, Severity Suggested)
{
    /// <summary>
    /// Each recorded part gives whole points (rounded down, capped): users and loss per hour and the deal by the amount,
    /// sites by their share of all the customer's sites when the total is known (all of them give the sites' most points),
    /// by their number otherwise; the scope
    /// and the two customer flags by a fixed weight. Parts not recorded give nothing and are left out of the breakdown.
    /// </summary>
    public static Priority Of(Impact impact, PriorityPolicy policy)
    {
        var points = new List<PriorityPoints>();
        void Add(PriorityFactor factor, int? given)
        {
            if (given is { } p)
                points.Add(new PriorityPoints(factor, p));
        }

        Add(PriorityFactor.Users, impact.Users is { } users ? policy.Users.Points(users) : null);
        Add(PriorityFactor.Sites, impact.Sites is not { } sites ? null
            : impact.SitesTotal is { } total and > 0 ? (int)Math.Floor((decimal)sites / total * policy.Sites.Max)
            : policy.Sites.Points(sites));
        Add(PriorityFactor.LossPerHour, impact.LossPerHour is { } loss ? policy.LossPerHour.Points(loss) : null);
        Add(PriorityFactor.Deal, impact.Deal is { } deal ? policy.Deal.Points(deal) : null);
        Add(PriorityFactor.Scope, impact.Scope is { } scope ? policy.ScopePoints(scope) : null);
        Add(PriorityFactor.Strategic, impact.Strategic ? policy.Strategic : null);
        Add(PriorityFactor.Reference, impact.Reference ? policy.Reference : null);
        var score = points.Sum(p => p.Points);
        return new Priority(score, new(points), policy.SeverityFor(score));
    }
}
