using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Blocks;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Headline;

/// <summary>
/// What the headline channel is owed about a crisis opened while it was set: one post, then, whenever what the post shows
/// changes, the same post brought up to date in place. Each showing is keyed by a short hash of the rendered post, and
/// compared with the last one Slack was given, so a crisis that goes from sev1 to sev2 and back shows sev1 again.
/// </summary>
public static class HeadlinePosts
{
    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        if (crisis.Headline.Channel is not { } channel)
            yield break;

        var message = HeadlineBlocks.Render(crisis);
        var showing = Key(crisis, $"headline-{Hash(message)}");
        var key = Key(crisis, "headline");
        if (crisis.PostFor(key) is not { } posted)
        {
            // The first post records what it shows too, or the next pass would update it once to the same content.
            yield return new OwedPost(key, ChannelKind.Headline, $"posting the headline {OwedPosts.In(ChannelKind.Headline)} {Mrkdwn.Link(channel)}", _ => message)
            {
                Showing = showing,
            };
        }
        else if (LastShown(crisis) != showing)
        {
            yield return new OwedPost(showing, ChannelKind.Headline, $"keeping the headline up to date {OwedPosts.In(ChannelKind.Headline)} {Mrkdwn.Link(channel)}", _ => message)
            {
                Replaces = posted with { Key = showing },
            };
        }
    }

    /// <summary>The key of what the headline post showed when Slack last took it; null before it was posted.</summary>
    private static string? LastShown(Crisis crisis)
    {
        var prefix = Key(crisis, "headline-");
        return crisis.Refreshed.LastOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Twelve hex digits of SHA-256: two renderings of one crisis that differ never share it in practice.</summary>
    private static string Hash(SlackMessage message)
    {
        var rendered = message.Text + "\n" + message.Blocks.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rendered)))[..12];
    }

    private static string Key(Crisis crisis, string entry) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{entry}");
}
