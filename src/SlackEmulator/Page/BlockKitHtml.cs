using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace SlackEmulator.Page;

/// <summary>
/// Who is looking at the sandbox page: Slack shows every name, date token and message time as this person's own
/// client would. <paramref name="UserName"/> and <paramref name="ChannelName"/> give null for ids the workspace does not know.
/// </summary>
public sealed record BlockKitViewer(TimeZoneInfo Zone, DateTimeOffset Now, Func<string, string?> UserName, Func<string, string?> ChannelName, bool Clock24h = true);

/// <summary>
/// Messages and modals as HTML fragments for the sandbox page, readable the way Slack shows them. Every text, id and
/// value taken from a payload is HTML-encoded: the page inserts these fragments as they are, and crisis titles, steps
/// and reasons are typed by people. The fragments are well-formed XML (void elements closed, boolean attributes given
/// a value), which browsers read the same and the specs can parse.
/// </summary>
public static partial class BlockKitHtml
{
    /// <summary>A message body: Slack shows the blocks when there are any, the text as mrkdwn otherwise.</summary>
    public static string Message(string text, JsonArray? blocks, BlockKitViewer viewer) =>
        blocks is { Count: > 0 } ? Blocks(blocks, viewer, inModal: false) : $"<div class=\"bk-block bk-text\">{Mrkdwn(text, viewer)}</div>";

    /// <summary>A modal's blocks as a form body; the page reads title, submit and close from the view itself.</summary>
    public static string ModalBody(JsonObject view, BlockKitViewer viewer) =>
        view["blocks"] is JsonArray blocks ? Blocks(blocks, viewer, inModal: true) : "";

    /// <summary>A message's time beside its author, as the viewer's clock shows it.</summary>
    public static string Time(DateTimeOffset at, BlockKitViewer viewer) => SlackDate.Time(at, viewer);

    private static string Blocks(JsonArray blocks, BlockKitViewer viewer, bool inModal)
    {
        var html = new StringBuilder();
        foreach (var block in blocks.OfType<JsonObject>())
            html.Append(Block(block, viewer, inModal));
        return html.ToString();
    }

    private static string Block(JsonObject block, BlockKitViewer viewer, bool inModal)
    {
        var blockId = Str(block["block_id"]);
        return Str(block["type"]) switch
        {
            "header" => Div("bk-header", Text(block["text"], viewer)),
            "section" => Section(block, blockId, viewer),
            "context" => Div("bk-context", string.Concat(Objects(block["elements"]).Select(e => ContextElement(e, viewer)))),
            "divider" => "<hr class=\"bk-block bk-divider\"/>",
            "actions" => Div("bk-actions", string.Concat(Objects(block["elements"]).Select(e => Element(e, blockId, viewer)))),
            "image" => Div("bk-image", (block["title"] is JsonObject title ? $"<div class=\"bk-image-title\">{Text(title, viewer)}</div>" : "") + ImageAlt(block)),
            "rich_text" => Div("bk-rich-text", RichText(block["elements"], viewer)),
            // Slack refuses input blocks in messages; only a modal shows them as fields.
            "input" when inModal => Input(block, blockId, viewer),
            var type => Unsupported("block", type),
        };
    }

    private static string Section(JsonObject block, string? blockId, BlockKitViewer viewer)
    {
        var html = new StringBuilder("<div class=\"bk-block bk-section\"><div class=\"bk-section-body\">");
        if (block["text"] is JsonObject text)
            html.Append("<div class=\"bk-section-text\">").Append(Text(text, viewer)).Append("</div>");
        if (Objects(block["fields"]).ToList() is { Count: > 0 } fields)
            html.Append("<div class=\"bk-fields\">").AppendJoin("", fields.Select(f => $"<div class=\"bk-field\">{Text(f, viewer)}</div>")).Append("</div>");
        html.Append("</div>");
        if (block["accessory"] is JsonObject accessory)
            html.Append("<div class=\"bk-accessory\">").Append(Element(accessory, blockId, viewer)).Append("</div>");
        return html.Append("</div>").ToString();
    }

    private static string ContextElement(JsonObject element, BlockKitViewer viewer) =>
        Str(element["type"]) == "image" ? ImageAlt(element) : $"<span class=\"bk-context-text\">{Text(element, viewer)}</span>";

    /// <summary>An element of an actions block or a section's accessory, in a message.</summary>
    private static string Element(JsonObject element, string? blockId, BlockKitViewer viewer) => Str(element["type"]) switch
    {
        "button" => Button(element, blockId, viewer),
        "static_select" => Select(element, $"{Attr("data-block-id", blockId ?? "")}{ActionId(element)} disabled=\"\""),
        "image" => ImageAlt(element),
        var type => Unsupported("element", type),
    };

    /// <summary>The page finds buttons by these data attributes and sends Slack's block_actions for them.</summary>
    private static string Button(JsonObject button, string? blockId, BlockKitViewer viewer)
    {
        var style = Str(button["style"]) switch { "primary" => " bk-primary", "danger" => " bk-danger", _ => "" };
        var data = $"{Attr("data-block-id", blockId ?? "")}{ActionId(button)}{Attr("data-value", Str(button["value"]))}";
        var label = Text(button["text"], viewer);
        return SafeUrl(Str(button["url"])) is { } url
            ? $"<a class=\"bk-button{style}\"{Attr("href", url)} target=\"_blank\" rel=\"noopener\"{data}>{label}</a>"
            : $"<button type=\"button\" class=\"bk-button{style}\"{data}>{label}</button>";
    }

    private static string ImageAlt(JsonObject image)
    {
        var alt = Encode(Str(image["alt_text"]) ?? "image");
        return SafeUrl(Str(image["image_url"])) is { } url
            ? $"<a class=\"bk-image-alt\"{Attr("href", url)} target=\"_blank\" rel=\"noopener\">[{alt}]</a>"
            : $"<span class=\"bk-image-alt\">[{alt}]</span>";
    }

    /// <summary>
    /// An input block as a field the page submits: named by its block id, with the label, the optional marker, the hint,
    /// and an empty place under it for the error Slack returns for that block.
    /// </summary>
    private static string Input(JsonObject block, string? blockId, BlockKitViewer viewer)
    {
        var id = "bk-input-" + blockId;
        var optional = block["optional"] is JsonValue o && o.TryGetValue(out bool isOptional) && isOptional;
        var label = Text(block["label"], viewer) + (optional ? " <span class=\"bk-optional\">(optional)</span>" : "");
        var hint = block["hint"] is JsonObject h ? $"<div class=\"bk-hint\">{Text(h, viewer)}</div>" : "";
        var control = block["element"] is JsonObject element ? Control(element, id, blockId ?? "", optional) : Unsupported("element", null);
        return $"<div class=\"bk-input\"{Attr("data-block-id", blockId ?? "")}><label{Attr("for", id)}>{label}</label>{control}{hint}<div class=\"bk-error\" hidden=\"\"></div></div>";
    }

    /// <remarks>A required field left empty is refused by the browser before submitting, as Slack's client refuses it.</remarks>
    private static string Control(JsonObject element, string id, string blockId, bool optional)
    {
        var common = $" class=\"bk-control\"{Attr("id", id)}{Attr("name", blockId)}{ActionId(element)}{(optional ? "" : " required=\"\"")}";
        var placeholder = Attr("placeholder", PlainText(element["placeholder"]));
        switch (Str(element["type"]))
        {
            case "plain_text_input":
                // initial_value is the person's own text to edit, not Slack-escaped text to display.
                var initial = Str(element["initial_value"]);
                var limits = Attr("maxlength", Int(element["max_length"]));
                return element["multiline"] is JsonValue m && m.TryGetValue(out bool multiline) && multiline
                    ? $"<textarea{common}{placeholder}{limits}>{Encode(initial ?? "")}</textarea>"
                    : $"<input type=\"text\"{common}{placeholder}{limits}{Attr("value", initial)}/>";
            case "static_select":
                return Select(element, common);
            case "users_select":
                // The page fills in the workspace's people and selects the initial one.
                return $"<select{common} data-users=\"true\"{Attr("data-initial-user", Str(element["initial_user"]))}><option value=\"\">{Encode(PlainText(element["placeholder"]) ?? "")}</option></select>";
            case "datepicker":
                return $"<input type=\"date\"{common}{Attr("value", Str(element["initial_date"]))}/>";
            case "timepicker":
                return $"<input type=\"time\"{common}{Attr("value", Str(element["initial_time"]))}/>";
            case var type:
                return $"<input type=\"text\" class=\"bk-control bk-unsupported\"{Attr("id", id)} disabled=\"\"{Attr("value", $"[unsupported element: {type}]")}/>";
        }
    }

    /// <summary>A select with its options; with no initial option a placeholder comes first, as Slack shows an empty select.</summary>
    private static string Select(JsonObject element, string attributes)
    {
        var initial = Str(element["initial_option"]?["value"]);
        var html = new StringBuilder($"<select{attributes}>");
        if (initial is null)
            html.Append("<option value=\"\">").Append(Encode(PlainText(element["placeholder"]) ?? "Select an option")).Append("</option>");
        html.AppendJoin("", Objects(element["options"]).Select(o => Option(o, initial)));
        foreach (var group in Objects(element["option_groups"]))
            html.Append($"<optgroup{Attr("label", PlainText(group["label"]))}>").AppendJoin("", Objects(group["options"]).Select(o => Option(o, initial))).Append("</optgroup>");
        return html.Append("</select>").ToString();
    }

    private static string Option(JsonObject option, string? initial)
    {
        var value = Str(option["value"]) ?? "";
        return $"<option{Attr("value", value)}{(value == initial ? " selected=\"\"" : "")}>{Encode(PlainText(option["text"]) ?? value)}</option>";
    }

    private static string ActionId(JsonObject element) => Attr("data-action-id", Str(element["action_id"]) ?? "");

    /// <summary>A text object: mrkdwn formatted, plain_text shown as written (Slack's entities decoded, emoji names drawn).</summary>
    private static string Text(JsonNode? text, BlockKitViewer viewer) => text switch
    {
        JsonObject o when Str(o["type"]) == "mrkdwn" => Mrkdwn(Str(o["text"]) ?? "", viewer),
        JsonObject o => SlackText(Str(o["text"]) ?? ""),
        _ => "",
    };

    /// <summary>A plain_text object's words for an attribute or an option; encoded where they are written.</summary>
    private static string? PlainText(JsonNode? text) => Str(text?["text"]) is { } escaped ? Emoji(Decode(escaped)) : null;

    /// <summary>rich_text, which people's own messages carry: sections, lists, quotes and code, with styled runs.</summary>
    private static string RichText(JsonNode? elements, BlockKitViewer viewer) => string.Concat(Objects(elements).Select(e => Str(e["type"]) switch
    {
        "rich_text_section" => $"<div>{RichRuns(e["elements"], viewer)}</div>",
        "rich_text_quote" => $"<blockquote class=\"bk-quote\">{RichRuns(e["elements"], viewer)}</blockquote>",
        "rich_text_preformatted" => $"<pre class=\"bk-pre\">{RichRuns(e["elements"], viewer)}</pre>",
        "rich_text_list" when Str(e["style"]) == "ordered" => $"<ol>{string.Concat(Objects(e["elements"]).Select(i => $"<li>{RichRuns(i["elements"], viewer)}</li>"))}</ol>",
        "rich_text_list" => $"<ul>{string.Concat(Objects(e["elements"]).Select(i => $"<li>{RichRuns(i["elements"], viewer)}</li>"))}</ul>",
        var type => Unsupported("element", type),
    }));

    /// <summary>rich_text carries its text raw, not Slack-escaped, so it is only encoded.</summary>
    private static string RichRuns(JsonNode? runs, BlockKitViewer viewer) => string.Concat(Objects(runs).Select(run =>
    {
        var html = Str(run["type"]) switch
        {
            "text" => Encode(Str(run["text"]) ?? "").Replace("\n", "<br/>", StringComparison.Ordinal),
            "link" when SafeUrl(Str(run["url"])) is { } url => Link(url, Encode(Str(run["text"]) ?? url)),
            "link" => Encode(Str(run["text"]) ?? Str(run["url"]) ?? ""),
            "user" => Chip("bk-mention", "@" + (Str(run["user_id"]) is { } user ? viewer.UserName(user) ?? user : "")),
            "channel" => Chip("bk-mention bk-channel", "#" + (Str(run["channel_id"]) is { } channel ? viewer.ChannelName(channel) ?? channel : "")),
            "usergroup" => Chip("bk-mention bk-group", "@" + Str(run["usergroup_id"])),
            "broadcast" => Chip("bk-mention bk-broadcast", "@" + Str(run["range"])),
            "emoji" => Encode(Emoji($":{Str(run["name"])}:")),
            var type => Unsupported("element", type),
        };
        var style = run["style"] as JsonObject;
        foreach (var (name, tag) in (ReadOnlySpan<(string, string)>)[("code", "code"), ("strike", "s"), ("italic", "i"), ("bold", "b")])
        {
            if (style?[name] is JsonValue on && on.TryGetValue(out bool yes) && yes)
                html = $"<{tag}>{html}</{tag}>";
        }

        return html;
    }));

    private static string Unsupported(string what, string? type) => $"<div class=\"bk-unsupported\">{Encode($"[unsupported {what}: {type ?? "none"}]")}</div>";

    private static string Div(string kind, string innerHtml) => $"<div class=\"bk-block {kind}\">{innerHtml}</div>";

    private static string Attr(string name, string? value) => value is null ? "" : $" {name}=\"{Encode(value)}\"";

    private static string Attr(string name, int? value) => value is { } n ? Attr(name, n.ToString(CultureInfo.InvariantCulture)) : "";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static IEnumerable<JsonObject> Objects(JsonNode? array) => array is JsonArray items ? items.OfType<JsonObject>() : [];

    private static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue(out int number) ? number : null;
}
