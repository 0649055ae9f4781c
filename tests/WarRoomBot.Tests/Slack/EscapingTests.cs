using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using WarRoomBot.Crises;
using WarRoomBot.Features.Diagnosis;
using WarRoomBot.Features.OpenCrisis;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// People's text reaches every surface the bot writes (mrkdwn, plain_text, topics, purposes, notification text) through
/// one escaping path: whatever was typed cannot notify, link or break markup, and Slack's own unescaping gives it back.
/// </summary>
public sealed partial class EscapingTests
{
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");

    /// <summary>People's text as the bot stores it: cleaned where it entered, never empty.</summary>
    private static readonly Gen<string> Typed = PeopleTextTests.Hostile.Select(PeopleText.Clean).Where(t => t.Length > 0);

    /// <summary>What Slack does to text before showing it: exactly three entities decoded, each once.</summary>
    private static string SlackUnescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [Fact]
    public void Shortened_escaped_text_never_cuts_an_entity_and_reads_back_as_the_start_of_what_was_typed()
    {
        Gen.Select(Typed, Gen.Int[2, 60]).Sample((typed, max) =>
        {
            var escaped = Mrkdwn.Escape(typed);
            var shortened = Mrkdwn.Truncate(escaped, max);

            Assert.True(shortened.Length <= max, $"{shortened.Length} > {max}");
            Assert.Empty(BareAmpersand().Matches(shortened));
            if (shortened == escaped)
                return;
            Assert.EndsWith("…", shortened, StringComparison.Ordinal);
            Assert.StartsWith(SlackUnescape(shortened[..^1]), typed, StringComparison.Ordinal);
        }, iter: 400);
    }

    [Fact]
    public void Every_text_a_kickoff_sends_has_people_s_text_escaped_so_it_cannot_notify_link_or_break_markup_and_reads_back_as_typed()
    {
        Gen.Select(Typed, Typed, Typed).Sample((title, customer, ownerName) =>
        {
            var crisis = Crisis(title, customer);
            var owner = new SlackUser(Bob, ownerName, ownerName, ownerName, null, 0);
            var (techText, techBlocks) = Kickoff.Technical(crisis, owner);
            var (bizText, bizBlocks) = Kickoff.Business(crisis, owner, UpdateCadence.Default);

            var escaped = Mrkdwn.Escape(title);
            Assert.DoesNotContain('<', escaped);
            Assert.DoesNotContain('>', escaped);
            Assert.Empty(BareAmpersand().Matches(escaped));
            Assert.Equal(title, SlackUnescape(escaped));

            // The header shows the whole title when it fits Slack's 150 characters, else as much as fits, cut cleanly.
            var header = PlainTexts(techBlocks).First();
            var whole = $":rotating_light: Crisis {crisis.Id}: {escaped}";
            if (whole.Length <= 150)
            {
                Assert.Equal(whole, header);
            }
            else
            {
                Assert.EndsWith("…", header, StringComparison.Ordinal);
                Assert.StartsWith(SlackUnescape(header[..^1]), SlackUnescape(whole), StringComparison.Ordinal);
            }

            foreach (var mrkdwn in new[] { techText, bizText }.Concat(MrkdwnTexts(techBlocks)).Concat(MrkdwnTexts(bizBlocks)))
            {
                var people = OurMarkup().Replace(mrkdwn, "");
                Assert.DoesNotContain('<', people);
                Assert.DoesNotContain('>', people);
                Assert.Empty(BareAmpersand().Matches(mrkdwn));
            }

            var plain = PlainTexts(techBlocks).Concat(PlainTexts(bizBlocks))
                .Concat([Kickoff.Topic(crisis, owner, ChannelKind.Technical), Kickoff.Topic(crisis, owner, ChannelKind.Business)])
                .Concat([Kickoff.Purpose(crisis, ChannelKind.Technical), Kickoff.Purpose(crisis, ChannelKind.Business)]);
            foreach (var text in plain)
            {
                Assert.DoesNotContain("<!", text, StringComparison.Ordinal);
                Assert.DoesNotContain('<', text);
                Assert.DoesNotContain('>', text);
                Assert.Empty(BareAmpersand().Matches(text));
            }
        }, iter: 200);
    }

    [Fact]
    public void Topics_and_purposes_read_back_as_typed_and_always_fit_slack_s_250_characters()
    {
        var longText = Gen.OneOf("&", "<", ">", "<!channel>", "R&D ", "x").Array[1, 80].Select(string.Concat);
        Gen.Select(Gen.OneOf<string>(Typed, longText), Gen.OneOf<string>(Typed, longText)).Sample((title, customer) =>
        {
            title = title[..Math.Min(title.Length, OpeningRules.MaxTitleLength)];
            customer = customer[..Math.Min(customer.Length, OpeningRules.MaxCustomerLength)];
            var crisis = Crisis(title, customer);
            var owner = new SlackUser(Bob, "bob", "Bob Chen", "+1 555 0199", null, 0);

            var purpose = Kickoff.Purpose(crisis, ChannelKind.Technical);
            var topic = Kickoff.Topic(crisis, owner, ChannelKind.Business);

            Assert.True(purpose.Length <= Kickoff.MaxTopicLength, $"purpose is {purpose.Length} characters");
            Assert.True(topic.Length <= Kickoff.MaxTopicLength, $"topic is {topic.Length} characters");
            Assert.EndsWith(" · Owner: Bob Chen +1 555 0199", topic, StringComparison.Ordinal);
            const string Before = "Crisis 7: ";
            const string After = ". Technical room: theories, deadlines, facts.";
            var shown = SlackUnescape(purpose);
            Assert.StartsWith(Before, shown, StringComparison.Ordinal);
            Assert.EndsWith(After, shown, StringComparison.Ordinal);
            var shownTitle = shown[Before.Length..^After.Length];
            if (shownTitle != title)
                Assert.StartsWith(shownTitle.TrimEnd('…'), title, StringComparison.Ordinal);
        }, iter: 200);
    }

    [Fact]
    public void The_issue_s_title_shows_as_typed_in_the_topic_purpose_and_header_without_notifying()
    {
        var crisis = Crisis("<!channel> checkout down", "<!here>");
        var owner = new SlackUser(Bob, "bob", "Bob <@U0EVE> Chen", null, null, 0);

        var topic = Kickoff.Topic(crisis, owner, ChannelKind.Technical);
        var purpose = Kickoff.Purpose(crisis, ChannelKind.Business);
        var header = PlainTexts(Kickoff.Technical(crisis, owner).Blocks).First();

        Assert.Equal("Technical · Crisis 7 · sev1 · &lt;!here&gt; · Owner: Bob &lt;@U0EVE&gt; Chen", topic);
        Assert.Equal("Crisis 7: &lt;!channel&gt; checkout down. Business room: scheduled briefings for executives.", purpose);
        Assert.Equal(":rotating_light: Crisis 7: &lt;!channel&gt; checkout down", header);
    }

    [Fact]
    public void A_title_like_R_and_D_beta_down_reads_as_typed_everywhere_it_is_shown()
    {
        var crisis = Crisis("R&D <beta> down", "Smith & Sons");
        var owner = new SlackUser(Bob, "bob", "Bob Chen", null, null, 0);
        var (text, blocks) = Kickoff.Business(crisis, owner, UpdateCadence.Default);

        string[] shown = [text, PlainTexts(blocks).First(), Kickoff.Purpose(crisis, ChannelKind.Business)];
        var topic = Kickoff.Topic(crisis, owner, ChannelKind.Business);

        Assert.All(shown, s => Assert.Contains("R&amp;D &lt;beta&gt; down", s, StringComparison.Ordinal));
        Assert.All(shown, s => Assert.Contains("R&D <beta> down", SlackUnescape(s), StringComparison.Ordinal));
        Assert.Contains("Smith &amp; Sons", topic, StringComparison.Ordinal);
        Assert.Contains("Smith & Sons", SlackUnescape(topic), StringComparison.Ordinal);
    }

    [Fact]
    public void Mrkdwn_blocks_are_verbatim_so_a_typed_url_or_at_here_is_not_turned_into_a_link_or_a_mention()
    {
        var section = Block.Section("*Step:* check https://evil.example and tell @here");
        var context = Block.Context("*For T1:* #general is slow");

        Assert.True(section["text"]!["verbatim"]!.GetValue<bool>());
        Assert.True(context["elements"]![0]!["verbatim"]!.GetValue<bool>());
    }

    [Fact]
    public void A_long_header_is_shortened_without_cutting_an_entity()
    {
        // 22 characters of ":briefcase: Crisis 7: ", then the x's, so that "&lt;" straddles the cut at 149.
        var title = new string('x', 125) + "<&>";
        var header = Block.Header($":briefcase: Crisis 7: {Mrkdwn.Escape(title)}")["text"]!["text"]!.GetValue<string>();

        Assert.True(header.Length <= 150);
        Assert.EndsWith("x…", header, StringComparison.Ordinal);
    }

    [Fact]
    public void The_extend_form_s_time_and_reason_are_cleaned_where_they_enter()
    {
        var values = new JsonObject
        {
            [ExtendDeadlineModal.WhenBlock] = new JsonObject { [ExtendDeadlineModal.Value] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "\u001b[1m19:30\u001b[0m" } },
            [ExtendDeadlineModal.ReasonBlock] = new JsonObject { [ExtendDeadlineModal.Value] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "logs \u001b[31mred\u001b[0m\u202E <!here>\u0007" } },
        };
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = "U0ALICE" },
            ["view"] = new JsonObject
            {
                ["callback_id"] = Interaction.ExtendCallbackId,
                ["private_metadata"] = Interaction.ExtendMetadata(new CrisisId(7), new DeadlineId(1)),
                ["state"] = new JsonObject { ["values"] = values },
            },
        };

        var extend = Assert.IsType<Interaction.ExtendSubmitted>(Interaction.Parse(JsonDocument.Parse(payload.ToJsonString()).RootElement.Clone()));

        Assert.Equal("19:30", extend.When);
        Assert.Equal("logs red <!here>", extend.Reason);
    }

    [Fact]
    public void The_open_form_s_title_and_customer_are_cleaned_where_they_enter()
    {
        var view = new JsonObject
        {
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject
                {
                    [OpenCrisisModal.TitleBlock] = new JsonObject { ["value"] = new JsonObject { ["value"] = " \u001b[31mCheckout\u001b[0m\u200B down\n" } },
                    [OpenCrisisModal.CustomerBlock] = new JsonObject { ["value"] = new JsonObject { ["value"] = "\u202EAcme\u0000 Retail\u001b]0;x\u0007" } },
                },
            },
        };

        var (request, errors) = OpenCrisisModal.Read(JsonDocument.Parse(view.ToJsonString()).RootElement.Clone(), Alice);

        Assert.Empty(errors);
        Assert.Equal("Checkout down", request!.Title);
        Assert.Equal("Acme Retail", request.Customer);
    }

    private static Crisis Crisis(string title, string? customer) => global::WarRoomBot.Crises.Crisis.Fold(new CrisisId(7),
    [
        new CrisisEvent.Opened(
            title, Severity.Sev1, customer, Bob, Alice, new ChannelId("C0SUPPORT"), "https://hooks.slack.com/commands/T1/1/abc",
            ValueList.Of<UserId>(), ValueList.Of<UserId>(), BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened),
        new CrisisEvent.ChannelCreated(ChannelKind.Technical, new ChannelId("C0TECH"), "crisis-7", Opened.AddSeconds(1)),
        new CrisisEvent.ChannelCreated(ChannelKind.Business, new ChannelId("G0BIZ"), "crisis-7-biz", Opened.AddSeconds(2)),
    ]);

    private static IEnumerable<string> MrkdwnTexts(JsonArray blocks) => Texts(blocks, "mrkdwn");

    private static IEnumerable<string> PlainTexts(JsonArray blocks) => Texts(blocks, "plain_text");

    private static IEnumerable<string> Texts(JsonNode? node, string type)
    {
        switch (node)
        {
            case JsonObject obj when obj["type"]?.GetValue<string>() == type && obj["text"] is JsonValue value:
                yield return value.GetValue<string>();
                break;
            case JsonObject obj:
                foreach (var (_, child) in obj)
                    foreach (var text in Texts(child, type))
                        yield return text;
                break;
            case JsonArray array:
                foreach (var child in array)
                    foreach (var text in Texts(child, type))
                        yield return text;
                break;
        }
    }

    /// <summary>An ampersand that does not start one of the three entities Slack decodes.</summary>
    [GeneratedRegex("&(?!amp;|lt;|gt;)")]
    private static partial Regex BareAmpersand();

    /// <summary>The markup the bot itself writes: mentions, channel links and date tokens with their UTC fallback.</summary>
    [GeneratedRegex(@"<@U0(ALICE|BOB)>|<#(C0TECH|G0BIZ)>|<!date\^\d+\^[^|<>]+\|[^<>]+>")]
    private static partial Regex OurMarkup();
}
