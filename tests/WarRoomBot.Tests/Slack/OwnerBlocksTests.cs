using System.Text.Json;
using WarRoomBot.Crises;
using WarRoomBot.Features.Owner;
using WarRoomBot.Slack;
using WarRoomBot.Slack.Api;
using WarRoomBot.Slack.Blocks;
using static WarRoomBot.Tests.Slack.Rendered;

namespace WarRoomBot.Tests.Slack;

/// <summary>
/// What people read about who owns the crisis (issue 11, playbook §3): the handover posts and their button, the escalation,
/// the sponsor, the kickoffs and topics with the owner's phone, and the "I own this" click read back.
/// </summary>
public sealed class OwnerBlocksTests
{
    private static readonly CrisisId Id = new(42);
    private static readonly DateTimeOffset Opened = new(2026, 3, 14, 16, 20, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly UserId Bob = new("U0BOB");
    private static readonly UserId Dana = new("U0DANA");
    private static readonly UserId Vera = new("U0VERA");
    private static readonly SlackUser DanaProfile = new(Dana, "dana", "Dana Wu", "+1 555 0142", "Europe/Paris", 3600);
    private static readonly OwnerPolicy Policy = OwnerPolicy.Default;

    /// <summary>Typed by a person: Slack markup and the three control characters, which must render as text.</summary>
    private const string Hostile = "off shift < 5% & <!channel>";

    private static Crisis Crisis(params CrisisEvent[] more) => global::WarRoomBot.Crises.Crisis.Fold(Id,
    [
        new CrisisEvent.Opened(
            "Checkout freezes at 300 stores", Severity.Sev1, "Acme Retail", Bob, Alice, null, null,
            ValueList<UserId>.Empty, ValueList<UserId>.Empty, BusinessChannelIsPrivate: true, FirstUpdateDue: Opened.AddMinutes(30), At: Opened),
        .. more,
    ]);

    private static CrisisEvent HandedToDana(string? phone = null, string reason = "Bob is off shift", UserId? by = null) =>
        new CrisisEvent.OwnerHandedOver(1, Bob, Dana, phone, reason, by ?? Bob, Opened.AddMinutes(10));

    [Fact]
    public void The_handover_post_names_both_owners_the_reason_the_phone_and_the_button_for_the_new_owner_only()
    {
        var crisis = Crisis(new CrisisEvent.SponsorNamed(Vera, Bob, Opened), HandedToDana());

        var post = OwnerBlocks.HandoverPost(crisis, crisis.Ownership.Handovers[0], DanaProfile, Policy);

        Assert.Equal("Crisis 42 handed over to <@U0DANA>.", post.Text);
        var seen = Seen(post);
        Assert.Contains(":handshake: *Crisis 42 handed over to <@U0DANA>* :telephone_receiver: +1 555 0142", seen);
        Assert.Contains("From <@U0BOB> at <!date^", seen);
        Assert.Contains("*Why:* Bob is off shift", seen);
        Assert.Contains("If nobody does within 15 minutes, <@U0VERA> is asked to step in.", seen);
        var button = Assert.Single(Buttons(post));
        Assert.Equal(OwnerBlocks.AcceptAction, (string?)button["action_id"]);
        Assert.Equal("42:1", (string?)button["value"]);
        Assert.Equal("I own this", (string?)button["text"]!["text"]);
    }

    [Fact]
    public void Once_accepted_the_post_loses_its_button_and_says_who_accepted_and_when()
    {
        var crisis = Crisis(HandedToDana(by: Alice), new CrisisEvent.OwnershipAccepted(1, Dana, Opened.AddMinutes(12)));

        var post = OwnerBlocks.HandoverPost(crisis, crisis.Ownership.Handovers[0], DanaProfile, Policy);

        Assert.Empty(Buttons(post));
        Assert.Contains(", by <@U0ALICE>", Seen(post));
        Assert.Contains($":white_check_mark: <@U0DANA> accepted ownership at {Mrkdwn.Time(Opened.AddMinutes(12))}.", Seen(post));
    }

    [Fact]
    public void A_phone_typed_with_the_handover_wins_over_the_profile_and_peoples_text_renders_as_text()
    {
        var crisis = Crisis(HandedToDana(phone: "+33 1 23 45 67 89", reason: Hostile));

        var notice = Seen(OwnerBlocks.HandoverNotice(crisis, crisis.Ownership.Handovers[0], DanaProfile));

        Assert.Contains("*New accountable owner:* <@U0DANA> :telephone_receiver: +33 1 23 45 67 89, taking over from <@U0BOB>.", notice);
        Assert.Contains("*Why:* off shift &lt; 5% &amp; &lt;!channel&gt;", notice);
        Assert.DoesNotContain("<!channel>", notice);
    }

    [Fact]
    public void The_escalation_addresses_whom_it_escalates_to_and_says_how_to_name_another_owner()
    {
        var crisis = Crisis(HandedToDana());

        var seen = Seen(OwnerBlocks.EscalationPost(crisis, crisis.Ownership.Handovers[0], Alice, new OwnerPolicy(TimeSpan.FromMinutes(20))));

        Assert.StartsWith(":rotating_light: <@U0ALICE> *<@U0DANA> has not accepted ownership of crisis 42*, handed over 20 minutes ago by <@U0BOB>.", seen);
        Assert.Contains("`/crisis owner @user because &lt;reason&gt;`", seen);
    }

    [Fact]
    public void Kickoffs_and_topics_show_the_owners_phone_or_ask_for_one()
    {
        var withPhone = Crisis(HandedToDana(phone: "+1 555 0199"));
        var withoutPhone = Crisis(HandedToDana());

        Assert.Contains("<@U0DANA> :telephone_receiver: +1 555 0199", Seen(new SlackMessage("", Kickoff.Technical(withPhone, null).Blocks)));
        Assert.EndsWith("Owner: the owner +1 555 0199", Kickoff.Topic(withPhone, null, ChannelKind.Technical));
        Assert.EndsWith("Owner: Dana Wu +1 555 0142", Kickoff.Topic(withoutPhone, DanaProfile, ChannelKind.Business));
        Assert.DoesNotContain("No phone number", Seen(new SlackMessage("", Kickoff.Business(withoutPhone, DanaProfile, UpdateCadence.Default).Blocks)));

        var asking = Seen(new SlackMessage("", Kickoff.Business(withoutPhone, DanaProfile with { Phone = null }, UpdateCadence.Default).Blocks));
        Assert.Contains(":warning: *No phone number is on record for <@U0DANA>*, and the customer must be able to call the owner.", asking);
    }

    [Fact]
    public void Status_names_the_sponsor_and_a_handover_still_waiting_for_its_owner()
    {
        var crisis = Crisis(new CrisisEvent.SponsorNamed(Vera, Bob, Opened), HandedToDana(),
            new CrisisEvent.OwnerAcceptanceEscalated(1, Vera, true, Opened.AddMinutes(25)));

        Assert.Equal(
            "\n*Sponsor:* <@U0VERA>\n:hourglass: <@U0DANA> has not yet accepted ownership (handed over 20 minutes ago); <@U0VERA> was asked to step in.",
            OwnerBlocks.Status(crisis, Opened.AddMinutes(30)));
        Assert.Equal("; <@U0VERA>, executive sponsor", OwnerBlocks.Sponsor(crisis));
        Assert.Equal("", OwnerBlocks.Status(Crisis(), Opened));
    }

    [Theory]
    [InlineData("42:1", 42, 1)]
    [InlineData("7:12", 7, 12)]
    public void An_i_own_this_click_reads_back_the_crisis_the_handover_and_the_clicker(string value, int crisis, int handover)
    {
        using var payload = JsonDocument.Parse($$"""
            {
              "type": "block_actions",
              "user": { "id": "U0DANA", "username": "dana", "team_id": "T0WARROOM" },
              "channel": { "id": "C0TECH" },
              "trigger_id": "1.2.3",
              "response_url": "https://hooks.slack.com/actions/T0WARROOM/1/abc",
              "actions": [ { "action_id": "owner_accept", "block_id": "owner_accept_1", "value": "{{value}}", "type": "button" } ]
            }
            """);

        Assert.Equal(
            new Interaction.OwnershipAccepted(new CrisisId(crisis), handover, Dana, "https://hooks.slack.com/actions/T0WARROOM/1/abc"),
            Interaction.Parse(payload.RootElement));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("0:1")]
    [InlineData("42:x")]
    public void A_click_with_a_value_the_bot_never_wrote_is_ignored(string value)
    {
        using var payload = JsonDocument.Parse($$"""
            { "type": "block_actions", "user": { "id": "U0DANA" }, "actions": [ { "action_id": "owner_accept", "value": "{{value}}" } ] }
            """);

        Assert.IsType<Interaction.Other>(Interaction.Parse(payload.RootElement));
    }
}
