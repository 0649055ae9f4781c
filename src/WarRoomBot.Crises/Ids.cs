namespace WarRoomBot.Crises;

/// <summary>The crisis number people say out loud ("crisis 42"); the store allocates it.</summary>
public readonly record struct CrisisId(int Number)
{
    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly record struct UserId(string Value)
{
    public override string ToString() => Value;
}

public readonly record struct ChannelId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>A working theory's number within its crisis, as people write it: T1, T2 (playbook §5).</summary>
public readonly record struct TheoryId(int Number)
{
    public override string ToString() => "T" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A diagnostic deadline's number within its crisis, as people write it: D1, D2 (playbook §6).</summary>
public readonly record struct DeadlineId(int Number)
{
    public override string ToString() => "D" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
