using System.Globalization;
using System.Text;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>
/// Names for a crisis's two rooms (playbook §4): <c>crisis-42-checkout-freezes</c> and
/// <c>crisis-42-checkout-freezes-biz</c>. Slack validates names instead of fixing them
/// (<c>conversations.create</c>: lowercase letters, digits, hyphens and underscores, at most 80
/// characters), so every name built here is already valid.
/// </summary>
public static class ChannelNames
{
    public const int MaxLength = 80;
    public const string DefaultPrefix = "crisis";

    private const string BusinessSuffix = "-biz";

    // A prefix is configuration, not a title: long enough to say "acme-crisis", short enough to leave room for the title.
    private const int MaxPrefixLength = 30;

    /// <summary>
    /// <paramref name="attempt"/> counts tries at the same crisis: after Slack answers <c>name_taken</c>
    /// the publisher asks again with the next attempt, which adds <c>-2</c>, <c>-3</c>, … before <c>-biz</c>.
    /// </summary>
    public static (string Technical, string Business) For(CrisisId crisis, string title, string prefix = DefaultPrefix, int attempt = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(crisis.Number);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        var safePrefix = Truncate(Slug(prefix ?? ""), MaxPrefixLength);
        if (safePrefix.Length == 0)
            safePrefix = DefaultPrefix;

        var stem = string.Create(CultureInfo.InvariantCulture, $"{safePrefix}-{crisis.Number}");
        var retry = attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $"-{attempt}") : "";

        // The business name is the longest, so it sets the budget for the title's words.
        var room = MaxLength - stem.Length - retry.Length - BusinessSuffix.Length - 1;
        var words = room > 0 ? Truncate(Slug(title ?? ""), room) : "";

        var technical = words.Length > 0 ? $"{stem}-{words}{retry}" : stem + retry;
        return (technical, technical + BusinessSuffix);
    }

    /// <summary>
    /// Latin letters lose their accents (é → e, ß → ss, ø → o); anything else that is not a-z or 0-9
    /// (spaces, punctuation, emoji, other scripts) separates words. Words are joined by single hyphens.
    /// </summary>
    internal static string Slug(string text)
    {
        // Compatibility decomposition also folds fullwidth letters (ＡＢＣ) and ligatures (ﬁ) to ASCII.
        var decomposed = WithoutLoneSurrogates(text).Normalize(NormalizationForm.FormKD);
        var slug = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            // "Acme's checkout" reads better as acmes-checkout than acme-s-checkout.
            if (c is '\'' or '\u2019' or '\u02BC')
                continue;

            var folded = Fold(char.ToLowerInvariant(c));
            if (folded.Length == 0)
            {
                pendingHyphen = slug.Length > 0;
                continue;
            }

            if (pendingHyphen)
            {
                slug.Append('-');
                pendingHyphen = false;
            }

            slug.Append(folded);
        }

        return slug.ToString();
    }

    /// <summary>Normalization refuses ill-formed UTF-16; a lone surrogate is no letter anyway.</summary>
    private static string WithoutLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var paired = char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : !char.IsLowSurrogate(text[i]) || (i > 0 && char.IsHighSurrogate(text[i - 1]));
            if (paired)
                continue;
            copy ??= text.ToCharArray();
            copy[i] = ' ';
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>ASCII for one lower-case character; empty when it has none (it then separates words).</summary>
    private static string Fold(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        'ß' => "ss",
        'ø' => "o",
        'æ' => "ae",
        'œ' => "oe",
        'ł' => "l",
        'đ' or 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        'ŧ' => "t",
        'ŋ' => "n",
        'ĸ' => "k",
        _ => "",
    };

    /// <summary>At most <paramref name="max"/> characters, cut at a word boundary when one is not too far back; never ends in a hyphen.</summary>
    private static string Truncate(string slug, int max)
    {
        if (slug.Length <= max)
            return slug;
        var cut = slug[..max];
        if (slug[max] != '-')
        {
            var boundary = cut.LastIndexOf('-');
            if (boundary >= max / 2)
                cut = cut[..boundary];
        }

        return cut.TrimEnd('-');
    }
}
