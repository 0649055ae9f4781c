using System.Text.Json.Nodes;
using WarRoomBot.Tests.Manifest;

namespace WarRoomBot.Tests.Emulator;

/// <summary>
/// The emulator carries its own copy of Slack's method reference so a fresh clone needs nothing else;
/// where the shared reference is present, the copies must still say what Slack says.
/// </summary>
public sealed class MethodReferenceCopyTests
{
    private static readonly string Copies = Path.Combine(RepoPaths.RepoRoot, "src", "SlackEmulator", "MethodReference");

    [SharedSpecFact("method-reference/conversations.create.json")]
    public void Every_copied_method_requires_the_same_arguments_as_slacks_reference()
    {
        var compared = 0;
        foreach (var copy in Directory.GetFiles(Copies, "*.json"))
        {
            var original = RepoPaths.InSharedSlack(Path.Combine("method-reference", Path.GetFileName(copy)));
            if (!File.Exists(original))
                continue; // Written from the OpenAPI spec (auth.test, conversations.list, conversations.history).

            Assert.Equal(Required(original), Required(copy));
            compared++;
        }

        Assert.True(compared >= 10, $"only {compared} copies were compared");
    }

    private static string[] Required(string file) =>
        [.. (JsonNode.Parse(File.ReadAllText(file))?["args"]?["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order()];
}
