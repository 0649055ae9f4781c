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
