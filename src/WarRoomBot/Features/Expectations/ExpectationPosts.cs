using System.Globalization;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Publishing;

namespace WarRoomBot.Features.Expectations;

/// <summary>
/// What the rooms are owed about expectations (playbook §11): new expectations announced once in each room, with the
/// pinned kickoffs brought up to date; each at-risk prompt to the owner, and its buttons replaced once the business channel
/// was told; and the worst case passing, told once in the business channel.
/// </summary>
public static class ExpectationPosts
{
    private static readonly ChannelKind[] Rooms = [ChannelKind.Technical, ChannelKind.Business];

    public static IEnumerable<OwedPost> Owed(Crisis crisis)
    {
        var expectations = crisis.Expectations;
        for (var i = 0; i < expectations.SetByOwner.Count; i++)
        {
            var set = expectations.SetByOwner[i];
            var number = i + 1;
            foreach (var room in Rooms)
            {
                var technical = room == ChannelKind.Technical;
                yield return new OwedPost(Key(crisis, $"x{number}{(technical ? "" : "-biz")}"), room,
                    $"announcing expectations {number} {OwedPosts.In(room)}", c => ExpectationBlocks.Announcement(c.Crisis, set, technical, c.Now));
            }
        }

        // Only the latest expectations are shown: an earlier refresh not made yet would be out of date anyway.
        if (expectations.SetByOwner.Count > 0)
        {
            foreach (var refresh in RoomRefresh.Owed(crisis, $"x{expectations.SetByOwner.Count}", "the new expectations"))
                yield return refresh;
        }

        foreach (var risk in expectations.AtRisk)
        {
            var key = Key(crisis, $"risk{risk.Episode}");
            yield return new OwedPost(key, ChannelKind.Technical, $"prompting the owner that the target is at risk ({risk.Episode}) {OwedPosts.In(ChannelKind.Technical)}",
                c => ExpectationBlocks.Prompt(c.Crisis, risk));

            // The buttons give way once the owner or sponsor told the business channel, by the buttons or in their own words.
            if (crisis.PostFor(key) is { Updated: false } prompt && ExpectationRules.Told(crisis, risk) is { } told)
            {
                yield return new OwedPost(key, ChannelKind.Technical, $"closing the at-risk prompt {risk.Episode}", c => ExpectationBlocks.PromptDone(c.Crisis, risk, told))
                {
                    Replaces = prompt,
                };
            }
        }

        for (var i = 0; i < expectations.WorstPassed.Count; i++)
        {
            var passed = expectations.WorstPassed[i];
            yield return new OwedPost(Key(crisis, $"worst{i + 1}"), ChannelKind.Business, $"telling the business channel the worst case passed ({i + 1})",
                c => ExpectationBlocks.WorstPassed(c.Crisis, passed, c.Now));
        }
    }

    private static string Key(Crisis crisis, string suffix) => string.Create(CultureInfo.InvariantCulture, $"crisis-{crisis.Id.Number}-{suffix}");
}
