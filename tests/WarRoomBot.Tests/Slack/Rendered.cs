using System.Text.Json.Nodes;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Tests.Slack;

/// <summary>What a reader sees in a rendered message, for the rendering specs: its texts and its buttons.</summary>
internal static class Rendered
{
    /// <summary>Every text a reader sees in the blocks: header, section and context text, button labels.</summary>
    public static List<string> Texts(JsonNode? node)
    {
        var found = new List<string>();
        Walk(node);
        return found;

        void Walk(JsonNode? here)
        {
            switch (here)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "text" && value is JsonValue v && v.TryGetValue<string>(out var s))
                            found.Add(s);
                        else
                            Walk(value);
                    }

                    break;
                case JsonArray a:
                    foreach (var item in a)
                        Walk(item);
                    break;
            }
        }
    }

    public static string Seen(SlackMessage message) => string.Join("\n", Texts(message.Blocks));

    public static List<JsonObject> Buttons(SlackMessage message) =>
        message.Blocks.OfType<JsonObject>()
            .Where(b => (string?)b["type"] == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>())
            .ToList();
}
