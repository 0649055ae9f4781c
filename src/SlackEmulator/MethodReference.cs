using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>Required arguments per method, read from Slack's method reference files embedded in this assembly.</summary>
internal static class MethodReference
{
    private const string Prefix = "MethodReference.";

    private static readonly Lazy<FrozenDictionary<string, IReadOnlyList<string>>> Required = new(Load);

    public static IReadOnlyList<string> RequiredArguments(string method) =>
        Required.Value.TryGetValue(method, out var args) ? args : [];

    public static bool IsKnown(string method) => Required.Value.ContainsKey(method);

    private static FrozenDictionary<string, IReadOnlyList<string>> Load()
    {
        var assembly = typeof(MethodReference).Assembly;
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            var method = resource[Prefix.Length..^".json".Length];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var required = JsonNode.Parse(stream)?["args"]?["required"]?.AsArray() ?? [];
            result[method] = [.. required.Select(r => r!.GetValue<string>()).Where(r => r != "token")];
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
