using System.Text;
using System.Web;
using Microsoft.Extensions.Primitives;

namespace WarRoomBot.Slack;

/// <summary>
/// The fields of a form Slack posts (<c>application/x-www-form-urlencoded</c>), read from its verified bytes and decoded
/// only when asked for. A slash command's form carries a dozen fields of which the bot reads six; an interaction's one
/// field is JSON, parsed from the bytes it decodes to. Decoding the whole body into a string and then every field into a
/// dictionary was 7% of what a command allocated, and an interaction's payload was decoded twice on its way to the parser.
/// Decoded as the form's rules say: <c>+</c> is a space, <c>%XX</c> a byte of UTF-8, a field without <c>=</c> is empty.
/// </summary>
internal static class SlackForm
{
    /// <summary>Each of <paramref name="names"/> the form has, decoded; repeated fields keep every value, in order.</summary>
    public static Dictionary<string, StringValues> Fields(byte[] body, IReadOnlyCollection<string> names)
    {
        var form = new Dictionary<string, StringValues>(names.Count, StringComparer.Ordinal);
        foreach (var (key, value) in Pairs(body))
        {
            if (NameOf(body, key, names) is not { } name)
                continue;
            var decoded = HttpUtility.UrlDecode(body, value.Start, value.Length, Encoding.UTF8);
            form[name] = form.TryGetValue(name, out var before) ? StringValues.Concat(before, decoded) : new StringValues(decoded);
        }

        return form;
    }

    /// <summary>The bytes the field <paramref name="name"/> encodes, or null when the form has none or has it more than once.</summary>
    public static byte[]? Single(byte[] body, string name)
    {
        byte[]? found = null;
        string[] names = [name];
        foreach (var (key, value) in Pairs(body))
        {
            if (NameOf(body, key, names) is null)
                continue;
            if (found is not null)
                return null;
            found = HttpUtility.UrlDecodeToBytes(body, value.Start, value.Length);
        }

        return found;
    }

    /// <summary>Where each field's name and value lie in the body; empty fields (<c>a=1&amp;&amp;b=2</c>) are skipped.</summary>
    private static IEnumerable<((int Start, int Length) Key, (int Start, int Length) Value)> Pairs(byte[] body)
    {
        for (var start = 0; start < body.Length;)
        {
            var end = Array.IndexOf(body, (byte)'&', start);
            if (end < 0)
                end = body.Length;
            if (end > start)
            {
                var equals = Array.IndexOf(body, (byte)'=', start, end - start);
                yield return equals < 0
                    ? ((start, end - start), (end, 0))
                    : ((start, equals - start), (equals + 1, end - equals - 1));
            }

            start = end + 1;
        }
    }

    /// <summary>The one of <paramref name="names"/> the field's name is, compared as written unless it is encoded.</summary>
    private static string? NameOf(byte[] body, (int Start, int Length) key, IReadOnlyCollection<string> names)
    {
        var raw = body.AsSpan(key.Start, key.Length);
        if (raw.IndexOfAny((byte)'%', (byte)'+') >= 0)
        {
            var decoded = HttpUtility.UrlDecode(body, key.Start, key.Length, Encoding.UTF8);
            return names.FirstOrDefault(n => n == decoded);
        }

        foreach (var name in names)
        {
            if (Ascii.Equals(raw, name))
                return name;
        }

        return null;
    }
}
