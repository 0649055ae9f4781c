using System.Text.RegularExpressions;

namespace WarRoomBot.Crises;

/// <summary>The crisis number people say out loud ("crisis 42"); the store allocates it.</summary>
public readonly record struct CrisisId(int Number)
{
    public override string ToString() => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public readonly partial record struct UserId(string Value)
{
    /// <summary>Slack's longest ids today are 11 characters; the bound only keeps arbitrary text from passing as one.</summary>
    private const int MaxLength = 32;

    /// <summary>
    /// Whether this is shaped like a Slack user id: U (or W, on Enterprise Grid) and then upper-case letters and digits,
    /// as in <c>U012AB3CD</c> or <c>W111</c>. Every record names its author, so an empty or invented id (<c>&lt;!channel&gt;</c>)
    /// must never become one: it would read "confirmed by &lt;@&gt;" or notify a whole channel.
    /// </summary>
    public bool IsWellFormed => IsSlackUserId(Value);

    public static bool IsSlackUserId(string? value)
    {
        if (value is not { Length: >= 3 and <= MaxLength } || value[0] is not ('U' or 'W'))
            return false;
        foreach (var c in value.AsSpan(1))
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
                return false;
        }

        return true;
    }

    /// <summary>
    /// How the rules name a person inside a sentence someone will read. The domain does not know Slack's mention syntax,
    /// so it writes this neutral marker and each surface renders it its own way (<see cref="RenderPeople"/>). It starts
    /// with a word joiner, which the edge strips from everything people type, so text quoted back in a refusal (the
    /// wording check shows the author's own words) can never forge a mention.
    /// </summary>
    public string InSentence => "\u2060{person:" + Value + "}";

    /// <summary>Replaces every <see cref="InSentence"/> marker in <paramref name="sentence"/> with <paramref name="render"/>'s form of that person.</summary>
    public static string RenderPeople(string sentence, Func<UserId, string> render) =>
        PersonMarker().Replace(sentence, m => render(new UserId(m.Groups["id"].Value)));

    public override string ToString() => Value;

    [GeneratedRegex("\u2060\\{person:(?<id>[UW][A-Z0-9]+)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex PersonMarker();
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

/// <summary>A fact's number within its crisis, as people write it: F1, F2 (playbook §7).</summary>
public readonly record struct FactId(int Number)
{
    public override string ToString() => "F" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An open question's number within its crisis, as people write it: Q1, Q2 (playbook §7).</summary>
public readonly record struct QuestionId(int Number)
{
    public override string ToString() => "Q" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A request made of the customer, numbered within its crisis as people write it: A1, A2 (playbook §10).</summary>
public readonly record struct AskId(int Number)
{
    public override string ToString() => "A" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A debrief action item's number within its crisis, as people write it: AI1, AI2 (playbook §14).</summary>
public readonly record struct ActionItemId(int Number)
{
    public override string ToString() => "AI" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
