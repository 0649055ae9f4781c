using System.Text.Json.Nodes;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack.Blocks;

/// <summary>
/// What each room shows when a crisis opens: pure functions of the crisis, the owner's profile and the cadence.
/// Both name the single accountable owner (playbook §3) and link the other room (§4).
/// </summary>
public static class Kickoff
{
    /// <summary>Slack's limit for channel topics and purposes.</summary>
    public const int MaxTopicLength = 250;

    public static (string Text, JsonArray Blocks) Technical(Crisis crisis, SlackUser? owner)
    {
        var business = crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "_(the business channel could not be created)_";
        var text = $"Crisis {crisis.Id} is open: {Mrkdwn.Escape(crisis.Title)}. Owner: {Mrkdwn.Mention(crisis.Owner)}.";
        var blocks = new JsonArray(
            Block.Header($":rotating_light: Crisis {crisis.Id}: {Mrkdwn.Escape(crisis.Title)}"),
            Block.Section(
                $"*Accountable owner:* {OwnerLine(crisis, owner)}\n" +
                $"*Severity:* {crisis.Severity.Label()}{CustomerPart(crisis)}\n" +
                $"*Business channel:* {business}" + Features.Expectations.ExpectationBlocks.OnNewLine(crisis)),
            Block.Section(
                "This is the *technical room*: theories, deadlines, facts and raw updates. " +
                $"Executives follow {business}, where the bot posts scheduled briefings."),
            Block.Section(
                "*Work from a written theory with a deadline.* Say what you believe, how you will prove it, and by when:\n" +
                "`/crisis theory Lock contention from the nightly price job prove replay the 02:00 logs on staging by 45m`\n" +
                "When the deadline falls due, the owner records *confirmed*, *disproved* or *extended* (with a reason). Nothing is edited or deleted."),
            Block.Context($"Opened by {Mrkdwn.Mention(crisis.OpenedBy)} at {Mrkdwn.Time(crisis.OpenedAt)}. `/crisis help` lists every command."));
        return (text, AskForPhone(blocks, crisis, owner));
    }

    public static (string Text, JsonArray Blocks) Business(Crisis crisis, SlackUser? owner, UpdateCadence cadence)
    {
        var technical = crisis.Technical.Channel is { } t ? Mrkdwn.Link(t) : "_(the technical channel could not be created)_";
        var every = Mrkdwn.Every(cadence.For(crisis.Severity));
        // Until the first update is given, a severity change can move it; the kickoff, refreshed then, says when it now is.
        var first = crisis.Updates.Given.Count == 0 ? crisis.Updates.Next.Due : crisis.FirstUpdateDue;
        var text = $"Crisis {crisis.Id} is open: {Mrkdwn.Escape(crisis.Title)}. First update {Mrkdwn.In(first - crisis.OpenedAt)}.";
        var blocks = new JsonArray(
            Block.Header($":briefcase: Crisis {crisis.Id}: {Mrkdwn.Escape(crisis.Title)}"),
            Block.Section(
                $"*Accountable owner:* {OwnerLine(crisis, owner)}. Reachable around the clock until this is fixed.\n" +
                $"*Severity:* {crisis.Severity.Label()}{CustomerPart(crisis)}" + Features.Expectations.ExpectationBlocks.OnNewLine(crisis)),
            Block.Section(
                $"*First update:* {Mrkdwn.Time(first)} ({Mrkdwn.In(first - crisis.OpenedAt)}).\n" +
                $"*Why then:* {crisis.Severity.Label()} crises get a business update {every}."),
            Block.Section(
                $"This is the *business room*: status, impact, what we know, what we are doing and by when. " +
                $"Engineers work in {technical}."),
            Block.Context("We will hold a debrief when this is over; concerns raised here are kept for it: `/crisis park &lt;concern&gt;`."));

        // Issue 15: the customer's pain in their words comes first, before anything about us.
        var context = Features.Context.ContextBlocks.Section(crisis);
        if (context is not null)
            blocks.Insert(1, context);
        return (text, AskForPhone(blocks, crisis, owner, context is null ? 2 : 3));
    }

    /// <summary>
    /// Topics show no formatting, so names are spelled out; Slack still reads markup in them, so people's text is
    /// escaped as everywhere else. A long customer name is shortened, never the owner and their phone (playbook §3).
    /// </summary>
    public static string Topic(Crisis crisis, SlackUser? owner, ChannelKind kind)
    {
        var who = Mrkdwn.Escape(owner?.RealName ?? owner?.Name ?? "the owner");
        var phone = Features.Owner.OwnerBlocks.Phone(crisis, owner) is { } p ? $" {Mrkdwn.Escape(p)}" : "";
        var room = kind == ChannelKind.Technical ? "Technical" : "Business";
        var customer = crisis.Customer is { } c ? $" · {Mrkdwn.Escape(c)}" : "";
        return Fit($"{room} · Crisis {crisis.Id} · {crisis.Severity.Label()}{Stage(crisis)}", customer, $" · Owner: {who}{phone}");
    }

    /// <summary>Playbook §13: whoever glances at the room's header sees that the fix is in and the customer's word awaited.</summary>
    private static string Stage(Crisis crisis) => crisis.Lifecycle.Stage switch
    {
        Crises.Stage.Resolved => " · RESOLVED, awaiting the customer",
        Crises.Stage.Accepted => " · fix accepted, following up",
        Crises.Stage.Closed => " · closed",
        _ => "",
    };

    public static string Purpose(Crisis crisis, ChannelKind kind) => Fit(
        $"Crisis {crisis.Id}: ",
        Mrkdwn.Escape(crisis.Title),
        kind == ChannelKind.Technical ? ". Technical room: theories, deadlines, facts." : ". Business room: scheduled briefings for executives.");

    /// <summary>What the person who opened the crisis hears back, by response_url.</summary>
    public static string OpenerLinks(Crisis crisis)
    {
        var technical = crisis.Technical.Channel is { } t ? Mrkdwn.Link(t) : "not created";
        var business = crisis.Business.Channel is { } b ? Mrkdwn.Link(b) : "not created";
        var failures = crisis.Failures.Count == 0
            ? ""
            : $"\n:warning: Slack refused {string.Join("; ", crisis.Failures.Select(f => $"{f.Step} (`{f.Error}`)"))}. Check the app's permissions and scopes.";
        return $":white_check_mark: Crisis {crisis.Id} is open. Technical: {technical} · Business: {business} · Owner: {Mrkdwn.Mention(crisis.Owner)}{failures}";
    }

    private static string OwnerLine(Crisis crisis, SlackUser? owner) => Features.Owner.OwnerBlocks.OwnerLine(crisis, owner);

    /// <summary>Playbook §3: without a phone the customer cannot call the owner, so the kickoff says so and asks for one.</summary>
    private static JsonArray AskForPhone(JsonArray blocks, Crisis crisis, SlackUser? owner, int at = 2)
    {
        if (Features.Owner.OwnerBlocks.Phone(crisis, owner) is null)
            blocks.Insert(at, Block.Section(Features.Owner.OwnerBlocks.NoPhone(crisis)));
        return blocks;
    }

    private static string CustomerPart(Crisis crisis) => crisis.Customer is { } c ? $" · *Customer:* {Mrkdwn.Escape(c)}" : "";

    /// <summary>Slack refuses a topic or purpose over 250 characters; escaping can make people's text five times longer.</summary>
    private static string Fit(string before, string escaped, string after) =>
        Mrkdwn.Truncate(before + Mrkdwn.Truncate(escaped, Math.Max(MaxTopicLength - before.Length - after.Length, 1)) + after, MaxTopicLength);
}
