using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>Collects the text a person would read in a message payload: top-level text plus every text inside blocks.</summary>
internal static class BlockText
{
    public static string Of(JsonNode? node)
    {
        var texts = new List<string>();
        Collect(node, texts);
        return string.Join("\n", texts);
    }

    private static void Collect(JsonNode? node, List<string> texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "text" && value is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        if (s.Length > 0) texts.Add(s);
                    }
                    else if (key is "text" or "blocks" or "fields" or "elements" or "accessory" or "element" or "title")
                    {
                        Collect(value, texts);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array) Collect(item, texts);
                break;
        }
    }
}
