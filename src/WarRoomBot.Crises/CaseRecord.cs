namespace WarRoomBot.Crises;

/// <summary>Playbook §7: something we know, and how we know it.</summary>
public sealed record Fact(FactId Id, string Statement, string Source, UserId By, DateTimeOffset At);

/// <summary>The answer that closed a question, how we know it, who gave it and when.</summary>
public sealed record Answer(string Text, string Source, UserId By, DateTimeOffset At);

/// <summary>Playbook §7: a gap in understanding, open until it has its one answer.</summary>
public sealed record Question(QuestionId Id, string Text, UserId By, DateTimeOffset At)
{
    public Answer? Answer { get; init; }

    public bool IsOpen => Answer is null;
}

/// <summary>Who marked a request to the customer done, when, and what they noted.</summary>
public sealed record AskClosure(string? Note, UserId By, DateTimeOffset At);

/// <summary>Playbook §10: a request made of the customer, with why we need it; open until marked done.</summary>
public sealed record CustomerAsk(AskId Id, string Request, string Reason, bool WordingOverridden, UserId By, DateTimeOffset At)
{
    public AskClosure? Done { get; init; }

    public bool IsOpen => Done is null;
}

/// <summary>Playbook §12: a complaint or concern kept for the debrief.</summary>
public sealed record ParkedConcern(string Concern, UserId By, DateTimeOffset At);

/// <summary>Playbook §15: time one person spent on the crisis, and who recorded it.</summary>
public sealed record TimeEntry(UserId Person, TimeSpan Spent, string? Note, UserId By, DateTimeOffset At);

/// <summary>
/// The crisis record beside the diagnosis: facts with their sources and questions until answered (playbook §7), and
/// the requests made of the customer (§10), the parking lot for the debrief (§12) and the time people spent (§15). One part
/// of <see cref="Crisis"/>, folded from <see cref="CrisisEvent.OnTheRecord"/> events alone, so the crisis does not grow
/// a field for each of them. Nothing in it is ever removed.
/// </summary>
public sealed record CaseRecord(
    ValueList<Fact> Facts, ValueList<Question> Questions, ValueList<CustomerAsk> Asks, ValueList<ParkedConcern> Parked, ValueList<TimeEntry> TimeSpent)
{
    public static readonly CaseRecord Empty = new(
        ValueList<Fact>.Empty, ValueList<Question>.Empty, ValueList<CustomerAsk>.Empty, ValueList<ParkedConcern>.Empty, ValueList<TimeEntry>.Empty);

    public CaseRecord Evolve(CrisisEvent.OnTheRecord happened) => happened switch
    {
        CrisisEvent.FactRecorded e => this with { Facts = Facts.Add(new Fact(e.Fact, e.Statement, e.Source, e.By, e.At)) },
        CrisisEvent.QuestionAsked e => this with { Questions = Questions.Add(new Question(e.Question, e.Text, e.By, e.At)) },
        CrisisEvent.QuestionAnswered e => this with
        {
            Questions = new(Questions.Select(q => q.Id == e.Question ? q with { Answer = new Answer(e.Answer, e.Source, e.By, e.At) } : q)),
        },
        CrisisEvent.CustomerAsked e => this with
        {
            Asks = Asks.Add(new CustomerAsk(e.Ask, e.Request, e.Reason, e.WordingOverridden, e.By, e.At)),
        },
        CrisisEvent.CustomerAskDone e => this with
        {
            Asks = new(Asks.Select(a => a.Id == e.Ask ? a with { Done = new AskClosure(e.Note, e.By, e.At) } : a)),
        },
        CrisisEvent.ConcernParked e => this with { Parked = Parked.Add(new ParkedConcern(e.Concern, e.By, e.At)) },
        CrisisEvent.TimeSpent e => this with { TimeSpent = TimeSpent.Add(new TimeEntry(e.Person, e.Spent, e.Note, e.By, e.At)) },
        _ => this,
    };

    public FactId NextFact => new(Facts.Count + 1);

    public QuestionId NextQuestion => new(Questions.Count + 1);

    public Question? Question(QuestionId id) => id.Number >= 1 && id.Number <= Questions.Count ? Questions[id.Number - 1] : null;

    public IEnumerable<Question> OpenQuestions => Questions.Where(q => q.IsOpen);

    public AskId NextAsk => new(Asks.Count + 1);

    public CustomerAsk? Ask(AskId id) => id.Number >= 1 && id.Number <= Asks.Count ? Asks[id.Number - 1] : null;

    public IEnumerable<CustomerAsk> OpenAsks => Asks.Where(a => a.IsOpen);

    /// <summary>How many requests were open right after <paramref name="ask"/> was made, itself included.</summary>
    public int OpenWhenMade(CustomerAsk ask) => Asks.Count(a => a.Id.Number <= ask.Id.Number && (a.Done is null || a.Done.At > ask.At));

    /// <summary>Everyone's time on the crisis, most first (then in the order they first recorded it).</summary>
    public IReadOnlyList<(UserId Person, TimeSpan Spent)> TimeByPerson =>
        [.. TimeSpent.GroupBy(t => t.Person)
            .Select(g => (g.Key, TimeSpan.FromTicks(g.Sum(t => t.Spent.Ticks))))
            .OrderByDescending(p => p.Item2)];

    public TimeSpan TotalTimeSpent => TimeSpan.FromTicks(TimeSpent.Sum(t => t.Spent.Ticks));
}
