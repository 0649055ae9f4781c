using System.Globalization;
using System.Text;

namespace WarRoomBot.Crises;

/// <summary>
/// When two names are one customer. The support desk, the person opening a crisis and the watch list's button each write
/// the customer their own way: "Acme Retail", "ACME Retail Inc.", "Acme-Retail, Inc". A name is compared without regard to
/// case, accents, punctuation and spacing, "&amp;" reads as "and", letters written apart are one word ("A.T.&amp;T." is
/// "AT&amp;T"), and a company form at the end ("Inc", "Ltd", "GmbH", ...) is left out. The words themselves must match:
/// "Acme" is not "Acme Retail", which may well be another customer.
/// </summary>
public static class CustomerName
{
    public static readonly StringComparer Comparer = new KeyComparer();

    /// <summary>The words of a company's legal form, left out when they end a name of more words.</summary>
    private static readonly HashSet<string> Forms = new(StringComparer.Ordinal)
    {
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp", "lp", "plc",
        "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as", "asa", "oy", "pty", "kk",
    };

    /// <summary>What two names of the same customer have in common: lower-case words, single-spaced.</summary>
    public static string Key(string name)
    {
        List<string> words = [];
        var word = new StringBuilder();
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }

            End(words, word);
            if (c == '&')
                words.Add("and");
        }

        End(words, word);
        var joined = JoinLetters(words);
        // "Smith & Co" ends with "and" once its form is gone.
        while (joined.Count > 1 && (Forms.Contains(joined[^1]) || joined[^1] == "and"))
            joined.RemoveAt(joined.Count - 1);
        return joined.Count > 0 ? string.Join(' ', joined) : name.Trim().ToLowerInvariant();
    }

    private static void End(List<string> words, StringBuilder word)
    {
        if (word.Length == 0)
            return;
        words.Add(word.ToString());
        word.Clear();
    }

    /// <summary>"a t and t" is "at and t": initials written with dots or spaces between them make one word.</summary>
    private static List<string> JoinLetters(List<string> words)
    {
        List<string> joined = [];
        for (var i = 0; i < words.Count; i++)
        {
            if (i > 0 && words[i].Length == 1 && words[i - 1].Length == 1 && char.IsLetter(words[i][0]) && char.IsLetter(words[i - 1][0]))
                joined[^1] += words[i];
            else
                joined.Add(words[i]);
        }

        return joined;
    }

    private sealed class KeyComparer : StringComparer
    {
        public override int Compare(string? x, string? y) =>
            string.CompareOrdinal(x is null ? null : Key(x), y is null ? null : Key(y));

        public override bool Equals(string? x, string? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && Key(x) == Key(y));

        public override int GetHashCode(string obj) => Key(obj).GetHashCode(StringComparison.Ordinal);
    }
}
