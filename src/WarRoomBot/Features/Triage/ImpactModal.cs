using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Features.Triage;

/// <summary>
/// <c>/crisis impact</c> alone: a form with the same parts as the command (playbook §1), each optional. Each field is read
/// by the command's own grammar, so a number the command refuses is refused here with the same words, under its field.
/// Block and action ids are declared here and nowhere else; the crisis travels in private_metadata.
/// </summary>
public static class ImpactModal
{
    public const string CallbackId = "assess_impact";
    public const string UsersBlock = "users";
    public const string SitesBlock = "sites";
    public const string TotalBlock = "sites_total";
    public const string LossBlock = "loss";
    public const string DealBlock = "deal";
    public const string ScopeBlock = "scope";
    public const string CustomerBlock = "customer";
    public const string Value = "value";

    /// <summary>Each text field and the words of the command it stands for.</summary>
    private static readonly (string Block, string Words)[] Numbers =
        [(UsersBlock, "users"), (SitesBlock, "sites"), (LossBlock, "loss"), (DealBlock, "deal")];

    public static JsonObject View(Crisis crisis) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = CallbackId,
        ["private_metadata"] = crisis.Id.ToString(),
        ["title"] = PlainText("Impact"),
        ["submit"] = PlainText("Record"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray(
            Block.Context($"Crisis {crisis.Id}: {Mrkdwn.Escape(crisis.Title)}. Impact now: {TriageBlocks.Impact(crisis)}. "
                + "Fill in what you know; a part left empty keeps what is recorded."),
            Input(UsersBlock, "Users affected", TextInput("1200")),
            Input(SitesBlock, "Sites affected", TextInput("300")),
            Input(TotalBlock, "Of how many sites in all", TextInput("410")),
            Input(LossBlock, "Money lost per hour ($)", TextInput("25000")),
            Input(DealBlock, "Deal at stake ($)", TextInput("2000000")),
            Input(ScopeBlock, "Scope", Select([.. Enum.GetValues<ImpactScope>().Select(s => s.ToString().ToLowerInvariant())])),
            Input(CustomerBlock, "The customer is", Select("strategic", "reference", "strategic reference"))),
    };

    /// <summary>The crisis the form was opened for, from its private_metadata; null if it names none.</summary>
    public static CrisisId? ReadCrisis(string? privateMetadata) =>
        int.TryParse(privateMetadata, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? new CrisisId(number) : null;

    /// <summary>
    /// The impact the form gives, or the problem under each field that the command's grammar refused (and the form's
    /// first field when nothing at all was filled in).
    /// </summary>
    public static (Impact? Given, Dictionary<string, string> Errors) Read(JsonElement values)
    {
        var errors = new Dictionary<string, string>();
        var words = new List<string>();
        foreach (var (block, part) in Numbers)
        {
            if (Text(values, block) is not { Length: > 0 } typed)
                continue;
            var fragment = $"{part} {typed}";
            if (block == SitesBlock && Text(values, TotalBlock) is { Length: > 0 } total)
                fragment += $" of {total}";
            if (SlashCommandParser.Parse($"impact {fragment}") is CrisisCommand.Invalid invalid)
                errors[block] = Mrkdwn.AsPlainText(invalid.Problem);
            else
                words.Add(fragment);
        }

        if (Text(values, TotalBlock) is { Length: > 0 } && Text(values, SitesBlock) is not { Length: > 0 })
            errors[SitesBlock] = "Say how many sites are affected, of the total.";
        if (Selected(values, ScopeBlock) is { } scope)
            words.Add($"scope {scope}");
        if (Selected(values, CustomerBlock) is { } customer)
            words.Add(customer);
        if (errors.Count > 0)
            return (null, errors);
        if (words.Count == 0)
            return (null, new() { [UsersBlock] = "Fill in at least one part of the impact." });

        return SlashCommandParser.Parse("impact " + string.Join(' ', words)) is CrisisCommand.AssessImpact read
            ? (read.Given, errors)
            : (null, new() { [UsersBlock] = "The impact could not be read; use `/crisis impact …` instead." });
    }

    private static string? Text(JsonElement values, string block) =>
        Field(values, block) is { } v && v.TryGetProperty("value", out var t) && t.ValueKind == JsonValueKind.String
            ? PeopleText.Clean(t.GetString() ?? "").Trim()
            : null;

    private static string? Selected(JsonElement values, string block) =>
        Field(values, block) is { } v && v.TryGetProperty("selected_option", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("value", out var chosen) && chosen.ValueKind == JsonValueKind.String
            ? chosen.GetString()
            : null;

    private static JsonElement? Field(JsonElement values, string block) =>
        values.ValueKind == JsonValueKind.Object && values.TryGetProperty(block, out var b) && b.ValueKind == JsonValueKind.Object
            && b.TryGetProperty(Value, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    private static JsonObject TextInput(string example) => new()
    {
        ["type"] = "plain_text_input",
        ["action_id"] = Value,
        ["placeholder"] = PlainText($"e.g. {example}"),
    };

    private static JsonObject Select(params string[] options) => new()
    {
        ["type"] = "static_select",
        ["action_id"] = Value,
        ["placeholder"] = PlainText("Not recorded"),
        ["options"] = new JsonArray([.. options.Select(o => new JsonObject { ["text"] = PlainText(o), ["value"] = o })]),
    };

    private static JsonObject Input(string blockId, string label, JsonObject element) => new()
    {
        ["type"] = "input",
        ["block_id"] = blockId,
        ["optional"] = true,
        ["label"] = PlainText(label),
        ["element"] = element,
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
