using System.Text.Json.Nodes;
using System.Xml.Linq;
using SlackEmulator.Page;
using WarRoomBot.Crises;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>
/// What a person sees on the sandbox page for a message or a modal: the fragments are parsed as the browser would read
/// them, and the specs look at the elements, attributes and text that come out.
/// </summary>
public sealed class BlockKitHtmlTests
{
    /// <summary>A Saturday evening in March: London is on GMT, New York already on EDT (UTC-4).</summary>
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 23, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> People = new() { ["U0ALICE"] = "Alice Martin", ["U0BOB"] = "Bob Okafor" };
    private static readonly Dictionary<string, string> Channels = new() { ["C0TECH"] = "crisis-42-checkout" };

    /// <summary>Raw markup in a payload, as a careless or hostile sender could put it in any field.</summary>
    private const string Hostile = "<script>alert(1)</script>\" onmouseover=\"alert(2)";

    private static BlockKitViewer Viewer(string zone = "Europe/London", bool clock24h = true) => new(
        TimeZoneInfo.FindSystemTimeZoneById(zone), Now, id => People.GetValueOrDefault(id), id => Channels.GetValueOrDefault(id), clock24h);

    private static XElement Parse(string fragment) => XElement.Parse($"<root>{fragment}</root>", LoadOptions.PreserveWhitespace);

    /// <summary>The text a browser shows, with line breaks as new lines.</summary>
    private static string Shown(XElement element) => string.Concat(element.Nodes().Select(node => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "br" } => "\n",
        XElement child => Shown(child),
        _ => "",
    }));

    private static string ShownMrkdwn(string mrkdwn, BlockKitViewer? viewer = null) => Shown(Parse(BlockKitHtml.Mrkdwn(mrkdwn, viewer ?? Viewer())));

    private static IEnumerable<XElement> WithClass(XElement root, string name) =>
        root.Descendants().Where(e => ((string?)e.Attribute("class"))?.Split(' ').Contains(name) == true);

    private static XElement One(XElement root, string name) => Assert.Single(root.Descendants(name));

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Md(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static XElement RenderBlocks(params JsonObject[] blocks) => Parse(BlockKitHtml.Message("fallback text", new JsonArray(blocks), Viewer()));

    private static XElement RenderModal(params JsonObject[] blocks) =>
        Parse(BlockKitHtml.ModalBody(new JsonObject { ["type"] = "modal", ["blocks"] = new JsonArray(blocks) }, Viewer()));

    private static JsonObject Button(string text, string actionId, string? value = null, string? style = null, string? url = null)
    {
        var button = new JsonObject { ["type"] = "button", ["text"] = Plain(text), ["action_id"] = actionId };
        if (value is not null) button["value"] = value;
        if (style is not null) button["style"] = style;
        if (url is not null) button["url"] = url;
        return button;
    }

    private static JsonObject InputBlock(string blockId, string label, JsonObject element, bool optional = false, string? hint = null)
    {
        var block = new JsonObject { ["type"] = "input", ["block_id"] = blockId, ["label"] = Plain(label), ["optional"] = optional, ["element"] = element };
        if (hint is not null) block["hint"] = Plain(hint);
        return block;
    }

    private static JsonObject Option(string text, string value) => new() { ["text"] = Plain(text), ["value"] = value };

    private static string Date(DateTimeOffset at, string tokens, string fallback = "the fallback") => $"<!date^{at.ToUnixTimeSeconds()}^{tokens}|{fallback}>";

    // ---------------------------------------------------------------- blocks

    [Fact]
    public void A_header_shows_its_plain_text_as_written_without_formatting_it()
    {
        var html = RenderBlocks(new JsonObject { ["type"] = "header", ["text"] = Plain(":rotating_light: Crisis 42: *R&amp;D* &lt;beta&gt;") });

        var header = Assert.Single(WithClass(html, "bk-header"));
        Assert.Equal("🚨 Crisis 42: *R&D* <beta>", Shown(header));
        Assert.Empty(header.Descendants());
    }

    [Fact]
    public void A_section_shows_its_text_its_fields_as_a_grid_and_its_accessory_button()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "section",
            ["block_id"] = "summary",
            ["text"] = Md("*Accountable owner:* <@U0ALICE>"),
            ["fields"] = new JsonArray(Md("*Severity*\nsev1"), Plain("Customer: Acme")),
            ["accessory"] = Button("Open", "open_details", "42"),
        });

        var section = Assert.Single(WithClass(html, "bk-section"));
        Assert.Equal("Accountable owner: @Alice Martin", Shown(Assert.Single(WithClass(section, "bk-section-text"))));
        Assert.Equal(["Severity\nsev1", "Customer: Acme"], WithClass(Assert.Single(WithClass(section, "bk-fields")), "bk-field").Select(Shown));
        var accessory = One(Assert.Single(WithClass(section, "bk-accessory")), "button");
        Assert.Equal("summary", (string?)accessory.Attribute("data-block-id"));
        Assert.Equal("open_details", (string?)accessory.Attribute("data-action-id"));
    }

    [Fact]
    public void A_context_shows_its_texts_and_images_as_their_alt_text()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(
                Md("Opened by <@U0BOB>"),
                Plain("plain *words*"),
                new JsonObject { ["type"] = "image", ["image_url"] = "https://example.com/logo.png", ["alt_text"] = "Acme logo" }),
        });

        var context = Assert.Single(WithClass(html, "bk-context"));
        Assert.Equal("Opened by @Bob Okaforplain *words*[Acme logo]", Shown(context));
        Assert.Equal("https://example.com/logo.png", (string?)One(context, "a").Attribute("href"));
    }

    [Fact]
    public void A_divider_is_a_rule()
    {
        var html = RenderBlocks(new JsonObject { ["type"] = "divider" });

        Assert.Equal("bk-block bk-divider", (string?)One(html, "hr").Attribute("class"));
    }

    [Fact]
    public void Buttons_carry_their_block_action_and_value_for_the_page_and_show_their_style()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "deadline-1",
            ["elements"] = new JsonArray(
                Button("Confirmed", "deadline_confirmed", "42:1", "primary"),
                Button("Withdraw", "deadline_withdraw", "42:1", "danger"),
                Button("Extend…", "deadline_extend")),
        });

        var buttons = Assert.Single(WithClass(html, "bk-actions")).Elements("button").ToList();
        Assert.Equal(["Confirmed", "Withdraw", "Extend…"], buttons.Select(Shown));
        Assert.All(buttons, b => Assert.Equal("button", (string?)b.Attribute("type")));
        Assert.All(buttons, b => Assert.Equal("deadline-1", (string?)b.Attribute("data-block-id")));
        Assert.Equal(["deadline_confirmed", "deadline_withdraw", "deadline_extend"], buttons.Select(b => (string?)b.Attribute("data-action-id")));
        Assert.Equal(["42:1", "42:1", null], buttons.Select(b => (string?)b.Attribute("data-value")));
        Assert.Equal(["bk-button bk-primary", "bk-button bk-danger", "bk-button"], buttons.Select(b => (string?)b.Attribute("class")));
    }

    [Fact]
    public void A_button_with_a_web_link_opens_it_and_one_with_a_script_link_stays_a_plain_button()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "links",
            ["elements"] = new JsonArray(
                Button("Runbook", "open_runbook", url: "https://wiki.example.com/runbook?a=1&b=2"),
                Button("Trap", "trap", url: "javascript:alert(1)")),
        });

        var link = One(html, "a");
        Assert.Equal("Runbook", Shown(link));
        Assert.Equal("https://wiki.example.com/runbook?a=1&b=2", (string?)link.Attribute("href"));
        Assert.Equal("_blank", (string?)link.Attribute("target"));
        Assert.Contains("bk-button", (string?)link.Attribute("class"));
        Assert.Equal("open_runbook", (string?)link.Attribute("data-action-id"));
        var trap = One(html, "button");
        Assert.Equal("Trap", Shown(trap));
        Assert.Null(trap.Attribute("href"));
    }

    [Fact]
    public void A_select_in_a_message_shows_its_options_disabled_with_the_initial_one_chosen()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = "pick",
            ["elements"] = new JsonArray(new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = "severity",
                ["options"] = new JsonArray(Option("sev1", "1"), Option("sev2", "2")),
                ["initial_option"] = Option("sev2", "2"),
            }),
        });

        var select = One(html, "select");
        Assert.NotNull(select.Attribute("disabled"));
        Assert.Equal("severity", (string?)select.Attribute("data-action-id"));
        Assert.Equal(["sev1", "sev2"], select.Elements("option").Select(Shown));
        Assert.Equal("2", (string?)Assert.Single(select.Elements("option"), o => o.Attribute("selected") is not null).Attribute("value"));
    }

    [Fact]
    public void An_image_block_shows_its_title_and_alt_text_linked_to_the_picture()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "image",
            ["image_url"] = "https://example.com/graph.png",
            ["alt_text"] = "Error rate graph",
            ["title"] = Plain("Errors per minute"),
        });

        var image = Assert.Single(WithClass(html, "bk-image"));
        Assert.Equal("Errors per minute[Error rate graph]", Shown(image));
        Assert.Equal("https://example.com/graph.png", (string?)One(image, "a").Attribute("href"));
    }

    [Fact]
    public void Rich_text_shows_its_runs_with_their_styles_mentions_and_lists()
    {
        var html = RenderBlocks(new JsonObject
        {
            ["type"] = "rich_text",
            ["elements"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "rich_text_section",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = "Ask " },
                        new JsonObject { ["type"] = "user", ["user_id"] = "U0BOB" },
                        new JsonObject { ["type"] = "text", ["text"] = " about a<b>", ["style"] = new JsonObject { ["bold"] = true } }),
                },
                new JsonObject
                {
                    ["type"] = "rich_text_list",
                    ["style"] = "ordered",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "rich_text_section", ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "first" }) },
                        new JsonObject { ["type"] = "rich_text_section", ["elements"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "second" }) }),
                }),
        });

        var rich = Assert.Single(WithClass(html, "bk-rich-text"));
        Assert.StartsWith("Ask @Bob Okafor about a<b>", Shown(rich));
        Assert.Equal(" about a<b>", Shown(One(rich, "b")));
        Assert.Equal(["first", "second"], One(rich, "ol").Elements("li").Select(Shown));
    }

    [Fact]
    public void A_block_the_page_cannot_draw_says_so_instead_of_vanishing()
    {
        var html = RenderBlocks(
            new JsonObject { ["type"] = "video", ["title"] = Plain("Demo") },
            InputBlock("title", "Title", new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "value" }));

        Assert.Equal(["[unsupported block: video]", "[unsupported block: input]"], WithClass(html, "bk-unsupported").Select(Shown));
        Assert.Empty(html.Descendants("input"));
    }

    [Fact]
    public void A_message_shows_its_blocks_when_it_has_any_and_its_text_as_mrkdwn_otherwise()
    {
        var withBlocks = Parse(BlockKitHtml.Message("notification only", new JsonArray(new JsonObject { ["type"] = "section", ["text"] = Md("the blocks") }), Viewer()));
        var textOnly = Parse(BlockKitHtml.Message("*Crisis 42* is open", null, Viewer()));
        var emptyBlocks = Parse(BlockKitHtml.Message("_no blocks_", [], Viewer()));

        Assert.Equal("the blocks", Shown(withBlocks));
        Assert.Equal("Crisis 42 is open", Shown(textOnly));
        Assert.Equal("Crisis 42", Shown(One(textOnly, "b")));
        Assert.Equal("no blocks", Shown(One(emptyBlocks, "i")));
    }

    // ---------------------------------------------------------------- modals

    [Fact]
    public void A_text_input_is_a_named_field_with_its_label_initial_value_placeholder_limit_hint_and_error_place()
    {
        var html = RenderModal(InputBlock("when", "New deadline", new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = "value",
            ["initial_value"] = "19:30 & <soon>",
            ["placeholder"] = Plain("45m or 19:30"),
            ["max_length"] = 200,
        }, hint: "In your own time zone."));

        var block = Assert.Single(WithClass(html, "bk-input"));
        Assert.Equal("bk-input", (string?)block.Attribute("class"));
        Assert.Equal("when", (string?)block.Attribute("data-block-id"));
        var label = One(block, "label");
        Assert.Equal("New deadline", Shown(label));
        var input = One(block, "input");
        Assert.Equal((string?)input.Attribute("id"), (string?)label.Attribute("for"));
        Assert.Equal("when", (string?)input.Attribute("name"));
        Assert.Equal("value", (string?)input.Attribute("data-action-id"));
        Assert.Equal("19:30 & <soon>", (string?)input.Attribute("value"));
        Assert.Equal("45m or 19:30", (string?)input.Attribute("placeholder"));
        Assert.Equal("200", (string?)input.Attribute("maxlength"));
        Assert.NotNull(input.Attribute("required"));
        Assert.Equal("In your own time zone.", Shown(Assert.Single(WithClass(block, "bk-hint"))));
        var error = Assert.Single(WithClass(block, "bk-error"));
        Assert.NotNull(error.Attribute("hidden"));
        Assert.Equal("", Shown(error));
    }

    [Fact]
    public void A_multiline_input_is_a_text_area_and_an_optional_one_is_marked_and_not_required()
    {
        var html = RenderModal(InputBlock("reason", "Why?", new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = "value",
            ["multiline"] = true,
            ["initial_value"] = "logs </textarea> missing",
        }, optional: true));

        Assert.Equal("Why? (optional)", Shown(One(html, "label")));
        var area = One(html, "textarea");
        Assert.Equal("logs </textarea> missing", area.Value);
        Assert.Equal("reason", (string?)area.Attribute("name"));
        Assert.Null(area.Attribute("required"));
        Assert.Empty(html.Descendants("input"));
    }

    [Fact]
    public void A_select_offers_its_options_with_the_initial_one_chosen_or_a_placeholder_first()
    {
        var html = RenderModal(
            InputBlock("severity", "Severity", new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = "value",
                ["options"] = new JsonArray(Option("sev1: business stopped", "sev1"), Option("sev2: badly hurt", "sev2")),
                ["initial_option"] = Option("sev2: badly hurt", "sev2"),
            }),
            InputBlock("team", "Team", new JsonObject
            {
                ["type"] = "static_select",
                ["action_id"] = "pick",
                ["placeholder"] = Plain("Choose a team"),
                ["options"] = new JsonArray(Option("Payments", "payments")),
            }));

        var selects = html.Descendants("select").ToList();
        Assert.Equal(["severity", "team"], selects.Select(s => (string?)s.Attribute("name")));
        Assert.All(selects, s => Assert.Null(s.Attribute("disabled")));
        Assert.Equal(["sev1: business stopped", "sev2: badly hurt"], selects[0].Elements("option").Select(Shown));
        Assert.Equal("sev2", (string?)Assert.Single(selects[0].Elements("option"), o => o.Attribute("selected") is not null).Attribute("value"));
        Assert.Equal([("", "Choose a team"), ("payments", "Payments")], selects[1].Elements("option").Select(o => ((string?)o.Attribute("value") ?? "", Shown(o))));
    }

    [Fact]
    public void A_people_picker_is_left_for_the_page_to_fill_with_the_initial_person_named()
    {
        var html = RenderModal(InputBlock("owner", "Accountable owner", new JsonObject { ["type"] = "users_select", ["action_id"] = "value", ["initial_user"] = "U0ALICE" }));

        var select = One(html, "select");
        Assert.Equal("true", (string?)select.Attribute("data-users"));
        Assert.Equal("U0ALICE", (string?)select.Attribute("data-initial-user"));
        Assert.Equal("owner", (string?)select.Attribute("name"));
        Assert.Equal("", (string?)Assert.Single(select.Elements("option")).Attribute("value"));
    }

    [Fact]
    public void Date_and_time_pickers_are_browser_pickers_and_other_elements_a_disabled_field_saying_unsupported()
    {
        var html = RenderModal(
            InputBlock("day", "Day", new JsonObject { ["type"] = "datepicker", ["action_id"] = "d", ["initial_date"] = "2026-03-15" }),
            InputBlock("at", "At", new JsonObject { ["type"] = "timepicker", ["action_id"] = "t", ["initial_time"] = "09:30" }),
            InputBlock("who", "Who", new JsonObject { ["type"] = "multi_users_select", ["action_id"] = "m" }));

        var inputs = html.Descendants("input").ToList();
        Assert.Equal([("date", "2026-03-15"), ("time", "09:30")], inputs.Take(2).Select(i => ((string?)i.Attribute("type"), (string?)i.Attribute("value"))));
        Assert.NotNull(inputs[2].Attribute("disabled"));
        Assert.Equal("[unsupported element: multi_users_select]", (string?)inputs[2].Attribute("value"));
        Assert.Equal(3, WithClass(html, "bk-error").Count());
    }

    [Fact]
    public void A_modal_shows_its_other_blocks_as_a_message_would()
    {
        var html = RenderModal(
            new JsonObject { ["type"] = "header", ["text"] = Plain("Extend D1") },
            new JsonObject { ["type"] = "section", ["text"] = Md("*D1:* flush the cache") },
            new JsonObject { ["type"] = "divider" },
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Md("Irrevocable.")) });

        Assert.Equal("Extend D1", Shown(Assert.Single(WithClass(html, "bk-header"))));
        Assert.Equal("D1:", Shown(One(Assert.Single(WithClass(html, "bk-section")), "b")));
        Assert.Single(html.Descendants("hr"));
        Assert.Equal("Irrevocable.", Shown(Assert.Single(WithClass(html, "bk-context"))));
    }

    // ---------------------------------------------------------------- what the bot sends

    [Fact]
    public void The_bots_open_crisis_form_becomes_five_fields_with_the_severity_and_owner_preset()
    {
        var view = OpenCrisisModal.View(new OpenCrisisModal.Origin("C0SUPPORT", null), new UserId("U0ALICE"), Severity.Sev2);

        var html = Parse(BlockKitHtml.ModalBody(view, Viewer()));

        var fields = WithClass(html, "bk-input").ToList();
        Assert.Equal(
            [OpenCrisisModal.TitleBlock, OpenCrisisModal.SeverityBlock, OpenCrisisModal.CustomerBlock, OpenCrisisModal.ContextBlock, OpenCrisisModal.OwnerBlock],
            fields.Select(f => (string?)f.Attribute("data-block-id")));
        Assert.Equal(["What is the customer suffering?", "Severity", "Customer (optional)", "What brought it to the customer's attention, and why does it hurt them? (optional)", "Accountable owner"], fields.Select(f => Shown(One(f, "label"))));
        Assert.Equal("Checkout freezes at 300 stores", (string?)One(fields[0], "input").Attribute("placeholder"));
        Assert.Equal("sev2", (string?)Assert.Single(One(fields[1], "select").Elements("option"), o => o.Attribute("selected") is not null).Attribute("value"));
        Assert.Null(One(fields[2], "input").Attribute("required"));
        Assert.Null(One(fields[3], "textarea").Attribute("required"));
        Assert.Equal("U0ALICE", (string?)One(fields[4], "select").Attribute("data-initial-user"));
    }

    [Fact]
    public void The_bots_due_post_shows_the_owner_by_name_the_due_time_in_the_viewers_zone_and_three_working_buttons()
    {
        var opened = new DateTimeOffset(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
        var crisis = Crisis.Fold(new CrisisId(42),
        [
            new CrisisEvent.Opened(
                "Checkout freezes", Severity.Sev1, "Acme Retail", new UserId("U0BOB"), new UserId("U0ALICE"), new ChannelId("C0SUPPORT"), null,
                ValueList.Of<UserId>(), ValueList.Of<UserId>(), BusinessChannelIsPrivate: true, FirstUpdateDue: opened.AddMinutes(30), At: opened),
            new CrisisEvent.DeadlineSet(new DeadlineId(1), "flush one store's cache & <retry>", null, opened.AddMinutes(46), new UserId("U0BOB"), null, null, opened.AddMinutes(1)),
            new CrisisEvent.DeadlineFellDue(new DeadlineId(1), opened.AddMinutes(46)),
        ]);
        var message = DiagnosisBlocks.Due(crisis, crisis.Deadline(new DeadlineId(1))!);

        var html = Parse(BlockKitHtml.Message(message.Text, message.Blocks, Viewer("America/New_York", clock24h: false)));

        var shown = Shown(html);
        Assert.Contains("D1 is due (1:06 PM today): flush one store's cache & <retry>", shown);
        Assert.Contains("@Bob Okafor, what did it show?", shown);
        var buttons = html.Descendants("button").ToList();
        Assert.Equal(["Confirmed", "Disproved", "Extend…"], buttons.Select(Shown));
        Assert.Equal(
            [Interaction.ActionId(DeadlineButton.Confirmed), Interaction.ActionId(DeadlineButton.Disproved), Interaction.ActionId(DeadlineButton.Extend)],
            buttons.Select(b => (string?)b.Attribute("data-action-id")));
        Assert.All(buttons, b => Assert.Equal(Interaction.ButtonValue(crisis.Id, new DeadlineId(1)), (string?)b.Attribute("data-value")));
        Assert.All(buttons, b => Assert.Equal("deadline-1", (string?)b.Attribute("data-block-id")));
        Assert.Contains("bk-primary", (string?)buttons[0].Attribute("class"));
    }

    // ---------------------------------------------------------------- mrkdwn

    [Fact]
    public void Mrkdwn_formatting_becomes_bold_italic_strike_code_quotes_and_line_breaks()
    {
        var html = Parse(BlockKitHtml.Mrkdwn("*bold* _italic_ ~gone~ `*not bold*` snake_case_name 2*3*4\n&gt; quoted\n&gt; again\nafter", Viewer()));

        Assert.Equal("bold", Shown(One(html, "b")));
        Assert.Equal("italic", Shown(One(html, "i")));
        Assert.Equal("gone", Shown(One(html, "s")));
        Assert.Equal("*not bold*", Shown(One(html, "code")));
        Assert.Equal("quoted\nagain", Shown(One(html, "blockquote")));
        Assert.Equal("bold italic gone *not bold* snake_case_name 2*3*4quoted\nagainafter", Shown(html));
    }

    [Fact]
    public void Bold_around_code_makes_the_code_bold_as_the_help_opens_with_it()
    {
        var html = Parse(BlockKitHtml.Mrkdwn("*`/crisis`* runs a war room; `a *b* c` stays as typed", Viewer()));

        Assert.Equal("/crisis", Shown(One(One(html, "b"), "code")));
        Assert.Equal("/crisis runs a war room; a *b* c stays as typed", Shown(html));
    }

    [Fact]
    public void A_message_at_slacks_length_limit_full_of_marks_shows_every_one()
    {
        var html = Parse(BlockKitHtml.Mrkdwn(string.Concat(Enumerable.Repeat("*b* _i_ ", 5000)), Viewer()));

        Assert.Equal(5000, html.Descendants("b").Count());
        Assert.Equal(5000, html.Descendants("i").Count());
    }

    [Fact]
    public void A_preformatted_block_keeps_its_text_unformatted_on_its_own_lines()
    {
        var html = Parse(BlockKitHtml.Mrkdwn("Run:\n```\nSELECT * FROM locks WHERE a &lt; 5;\n*not bold*\n```\ndone", Viewer()));

        Assert.Equal("SELECT * FROM locks WHERE a < 5;\n*not bold*", One(html, "pre").Value);
        Assert.Empty(html.Descendants("b"));
        Assert.Equal("Run:SELECT * FROM locks WHERE a < 5;\n*not bold*done", Shown(html));
    }

    [Fact]
    public void Emoji_names_the_bot_uses_are_drawn_except_in_code_and_unknown_ones_stay_as_typed()
    {
        var html = Parse(BlockKitHtml.Mrkdwn(":rotating_light: :party_parrot: `:x:` :x: 14:05:30", Viewer()));

        Assert.Equal("🚨 :party_parrot: :x: ❌ 14:05:30", Shown(html));
        Assert.Equal(":x:", Shown(One(html, "code")));
    }

    [Fact]
    public void Mentions_show_known_people_and_channels_by_name_and_unknown_ones_by_label_or_id()
    {
        var shown = ShownMrkdwn("<@U0ALICE> <@U0NOBODY> <@U0GONE|gone &amp; away> <#C0TECH> <#C0OLD|old-room> <#C0UNKNOWN> <#C0BARE|>");

        Assert.Equal("@Alice Martin @U0NOBODY @gone & away #crisis-42-checkout #old-room #C0UNKNOWN #C0BARE", shown);
        var html = Parse(BlockKitHtml.Mrkdwn("<@U0ALICE> and <#C0TECH>", Viewer()));
        Assert.Equal(["@Alice Martin", "#crisis-42-checkout"], WithClass(html, "bk-mention").Select(Shown));
    }

    [Fact]
    public void Broadcasts_and_user_groups_show_as_mentions()
    {
        var html = Parse(BlockKitHtml.Mrkdwn("<!here> <!channel> <!everyone> <!subteam^S0ONCALL|@oncall> <!subteam^S0DBA>", Viewer()));

        Assert.Equal(["@here", "@channel", "@everyone", "@oncall", "@S0DBA"], WithClass(html, "bk-mention").Select(Shown));
    }

    [Fact]
    public void Web_and_mail_links_open_in_a_new_tab_and_any_other_scheme_stays_text()
    {
        var html = Parse(BlockKitHtml.Mrkdwn(
            "<https://status.example.com/x?a=1&amp;b=2|status page> <https://example.com> <mailto:oncall@example.com> "
            + "<javascript:alert(1)|click me> <data:text/html;base64,PHNjcmlwdD4=> <JAVASCRIPT:alert(2)>", Viewer()));

        var links = html.Descendants("a").ToList();
        Assert.Equal(["status page", "https://example.com", "oncall@example.com"], links.Select(Shown));
        Assert.Equal(["https://status.example.com/x?a=1&b=2", "https://example.com", "mailto:oncall@example.com"], links.Select(a => (string?)a.Attribute("href")));
        Assert.All(links, a => Assert.Equal(("_blank", "noopener"), ((string?)a.Attribute("target"), (string?)a.Attribute("rel"))));
        Assert.EndsWith("click me data:text/html;base64,PHNjcmlwdD4= JAVASCRIPT:alert(2)", Shown(html));
    }

    // ---------------------------------------------------------------- escaping

    [Fact]
    public void Slacks_entities_are_decoded_once_so_escaped_markup_reads_as_text_and_never_becomes_a_tag()
    {
        var html = Parse(BlockKitHtml.Mrkdwn("&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D &amp;lt;b&amp;gt; \" onmouseover=\"x", Viewer()));

        Assert.Equal("<script>alert(1)</script> R&D &lt;b&gt; \" onmouseover=\"x", Shown(html));
        Assert.Empty(html.Descendants());
    }

    [Fact]
    public void Markup_in_any_field_of_a_payload_comes_out_as_inert_text()
    {
        var message = Parse(BlockKitHtml.Message(Hostile, new JsonArray(
            new JsonObject { ["type"] = "header", ["text"] = Plain(Hostile) },
            new JsonObject { ["type"] = "section", ["block_id"] = Hostile, ["text"] = Md(Hostile), ["fields"] = new JsonArray(Plain(Hostile)), ["accessory"] = Button(Hostile, Hostile, Hostile, url: Hostile) },
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Md(Hostile), new JsonObject { ["type"] = "image", ["image_url"] = Hostile, ["alt_text"] = Hostile }) },
            new JsonObject { ["type"] = "actions", ["block_id"] = Hostile, ["elements"] = new JsonArray(Button(Hostile, Hostile, Hostile, Hostile)) },
            new JsonObject { ["type"] = Hostile }), Viewer()));
        var modal = RenderModal(
            InputBlock(Hostile, Hostile, new JsonObject { ["type"] = "plain_text_input", ["action_id"] = Hostile, ["initial_value"] = Hostile, ["placeholder"] = Plain(Hostile) }, hint: Hostile),
            InputBlock(Hostile, Hostile, new JsonObject { ["type"] = "plain_text_input", ["action_id"] = Hostile, ["multiline"] = true, ["initial_value"] = Hostile }),
            InputBlock(Hostile, Hostile, new JsonObject { ["type"] = "static_select", ["action_id"] = Hostile, ["options"] = new JsonArray(Option(Hostile, Hostile)), ["initial_option"] = Option(Hostile, Hostile) }),
            InputBlock(Hostile, Hostile, new JsonObject { ["type"] = "users_select", ["action_id"] = Hostile, ["initial_user"] = Hostile }),
            InputBlock(Hostile, Hostile, new JsonObject { ["type"] = Hostile }));

        string[] drawn = ["div", "span", "b", "i", "s", "code", "pre", "blockquote", "br", "hr", "a", "time", "button", "label", "input", "textarea", "select", "option", "optgroup"];
        foreach (var html in new[] { message, modal })
        {
            Assert.All(html.Descendants(), e => Assert.Contains(e.Name.LocalName, drawn));
            Assert.All(html.Descendants().Attributes(), a => Assert.DoesNotMatch("^on", a.Name.LocalName));
            Assert.Empty(html.Descendants("a"));
        }

        Assert.Equal(Hostile, Shown(Assert.Single(WithClass(message, "bk-header"))));
        Assert.All(message.Descendants("button"), b => Assert.Equal(
            (Hostile, Hostile, Hostile, Hostile),
            (Shown(b), (string?)b.Attribute("data-block-id"), (string?)b.Attribute("data-action-id"), (string?)b.Attribute("data-value"))));
        Assert.Contains($"[unsupported block: {Hostile}]", Shown(message));
        Assert.All(WithClass(modal, "bk-input"), i => Assert.Equal(Hostile, (string?)i.Attribute("data-block-id")));
        Assert.All(modal.Descendants("label"), l => Assert.Equal(Hostile, Shown(l)));
        Assert.Equal(Hostile, (string?)One(modal, "textarea").Value);
        Assert.Equal([Hostile, $"[unsupported element: {Hostile}]"], modal.Descendants("input").Select(i => (string?)i.Attribute("value")));
        Assert.Equal(Hostile, (string?)modal.Descendants("input").First().Attribute("placeholder"));
        Assert.Contains(modal.Descendants("option"), o => Shown(o) == Hostile && (string?)o.Attribute("value") == Hostile);
        Assert.Equal(Hostile, (string?)modal.Descendants("select").Last().Attribute("data-initial-user"));
    }

    // ---------------------------------------------------------------- dates

    [Theory]
    [InlineData("Europe/London", "{date_pretty} at {time}", "Tomorrow at 00:30")]
    [InlineData("America/New_York", "{date_pretty} at {time}", "Today at 20:30")]
    [InlineData("Europe/London", "{time} on {date_short_pretty}", "00:30 on tomorrow")]
    [InlineData("America/New_York", "{time} on {date_short_pretty}", "20:30 on today")]
    [InlineData("Europe/London", "{date_long}", "Sunday, March 15th, 2026")]
    [InlineData("America/New_York", "{date_long}", "Saturday, March 14th, 2026")]
    [InlineData("Europe/London", "{date_num} {date_short} {time_secs}", "2026-03-15 Mar 15, 2026 00:30:00")]
    [InlineData("America/New_York", "{date}", "March 14th, 2026")]
    public void A_date_token_is_shown_in_the_viewers_zone_with_today_and_tomorrow_from_their_own_midnight(string zone, string tokens, string expected)
    {
        var halfPastMidnightInLondon = new DateTimeOffset(2026, 3, 15, 0, 30, 0, TimeSpan.Zero);

        var html = Parse(BlockKitHtml.Mrkdwn(Date(halfPastMidnightInLondon, tokens, "00:30 UTC on 15 Mar 2026"), Viewer(zone)));

        var time = One(html, "time");
        Assert.Equal(expected, Shown(time));
        Assert.Equal("2026-03-15T00:30:00Z", (string?)time.Attribute("datetime"));
        Assert.Equal("00:30 UTC on 15 Mar 2026", (string?)time.Attribute("title"));
    }

    [Theory]
    [InlineData(1, "March 1st, 2026")]
    [InlineData(2, "March 2nd, 2026")]
    [InlineData(3, "March 3rd, 2026")]
    [InlineData(11, "March 11th, 2026")]
    [InlineData(22, "March 22nd, 2026")]
    public void Long_dates_carry_english_ordinals(int day, string expected) =>
        Assert.Equal(expected, ShownMrkdwn(Date(new DateTimeOffset(2026, 3, day, 12, 0, 0, TimeSpan.Zero), "{date}")));

    [Fact]
    public void Yesterday_is_counted_from_the_viewers_midnight_too()
    {
        var threeInTheMorningUtc = new DateTimeOffset(2026, 3, 14, 3, 0, 0, TimeSpan.Zero);

        Assert.Equal("11:00 PM yesterday", ShownMrkdwn(Date(threeInTheMorningUtc, "{time} {date_pretty}"), Viewer("America/New_York", clock24h: false)));
        Assert.Equal("3:00 AM today", ShownMrkdwn(Date(threeInTheMorningUtc, "{time} {date_pretty}"), Viewer("Europe/London", clock24h: false)));
    }

    [Theory]
    [InlineData(45, "in 45 minutes")]
    [InlineData(-180, "3 hours ago")]
    [InlineData(-1, "1 minute ago")]
    [InlineData(60 * 24 * 2, "in 2 days")]
    public void Ago_counts_from_the_viewers_now(int minutes, string expected) =>
        Assert.Equal(expected, ShownMrkdwn(Date(Now.AddMinutes(minutes).AddSeconds(-3), "{ago}")));

    [Fact]
    public void A_date_Slack_could_not_read_shows_its_fallback()
    {
        Assert.Equal("Feb 18, 2014 PST", ShownMrkdwn("<!date^1392734382^{weekday}|Feb 18, 2014 PST>"));
        Assert.Equal("Feb 18, 2014 PST", ShownMrkdwn("<!date^soon^{date}|Feb 18, 2014 PST>"));
        Assert.Equal("Feb 18, 2014 PST", ShownMrkdwn("<!date^99999999999999^{date}|Feb 18, 2014 PST>"));
        Assert.Equal("a &lt; b", ShownMrkdwn("<!date^x^{date}|a &amp;lt; b>"));
    }

    [Fact]
    public void A_date_with_a_link_opens_it_and_a_script_link_is_dropped()
    {
        var linked = Parse(BlockKitHtml.Mrkdwn("<!date^1392734382^{date_short}^https://example.com/|Feb 18, 2014 PST>", Viewer("America/New_York")));
        var trapped = Parse(BlockKitHtml.Mrkdwn("<!date^1392734382^{date_short}^javascript:alert(1)|Feb 18, 2014 PST>", Viewer("America/New_York")));

        Assert.Equal("https://example.com/", (string?)One(linked, "a").Attribute("href"));
        Assert.Equal("Feb 18, 2014", Shown(One(One(linked, "a"), "time")));
        Assert.Empty(trapped.Descendants("a"));
        Assert.Equal("Feb 18, 2014", Shown(trapped));
    }

    [Theory]
    [InlineData("Europe/London", true, "18:05")]
    [InlineData("Europe/London", false, "6:05 PM")]
    [InlineData("America/New_York", true, "14:05")]
    [InlineData("America/New_York", false, "2:05 PM")]
    public void A_messages_time_is_shown_on_the_viewers_clock(string zone, bool clock24h, string expected) =>
        Assert.Equal(expected, BlockKitHtml.Time(new DateTimeOffset(2026, 3, 14, 18, 5, 0, TimeSpan.Zero), Viewer(zone, clock24h)));
}
