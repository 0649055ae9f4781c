using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SlackEmulator;
using WarRoomBot.Crises;
using WarRoomBot.Slack.Api;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>
/// The headline channel (<c>WarRoom:HeadlineChannel</c>): one post per crisis that leaders read without joining any room,
/// kept up to date in place, exactly once across a crash, and never in the way of the rooms.
/// </summary>
public sealed class HeadlineTests
{
    private const string HeadlineName = "crisis-headlines";
    private const string TechName = "crisis-1-checkout-freezes";
    private const string BizName = "crisis-1-checkout-freezes-biz";

    [Fact]
    public async Task Each_crisis_has_one_post_in_the_headline_channel_with_customer_title_severity_owner_status_and_both_rooms()
    {
        await using var app = await StartAsync();

        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.CrisisAsync($"open Invoices missing owner: <@{WarRoomApp.Bob}|bob>");
        await app.SettleAsync();

        var posts = Headline(app).Messages;
        Assert.Equal(2, posts.Count);
        var first = Assert.Single(posts, p => p.VisibleText.Contains("Checkout freezes", StringComparison.Ordinal));
        Assert.Contains("*Crisis 1 · Acme Retail: Checkout freezes*", first.VisibleText);
        Assert.Contains("*Severity:* sev1 · *Owner:* <@U0ALICE>", first.VisibleText);
        Assert.Contains($"*Status:* open · next business update {DeadlineRoom.DateToken(30)}", first.VisibleText);
        Assert.Contains("no diagnostic deadline open", first.VisibleText);
        Assert.Contains($"*Technical:* <#{Room(app, TechName).Id}> · *Business:* <#{Room(app, BizName).Id}>", first.VisibleText);
        var second = Assert.Single(posts, p => p.VisibleText.Contains("Invoices missing", StringComparison.Ordinal));
        Assert.Contains("*Crisis 2 · customer not named: Invoices missing*", second.VisibleText);
        Assert.Contains("*Severity:* sev2 · *Owner:* <@U0BOB>", second.VisibleText);
        Assert.Contains($"<#{Room(app, "crisis-2-invoices-missing").Id}>", second.VisibleText);

        // Each post was made once and shows what it was made with: nothing was updated for nothing.
        Assert.DoesNotContain(app.Slack.Workspace.CallsTo("chat.update"), c => (string?)c.Arguments["channel"] == Headline(app).Id);
        Assert.All([Room(app, TechName), Room(app, BizName)], room => Assert.Single(room.Pins));
    }

    [Fact]
    public async Task A_severity_change_a_deadline_and_a_handover_each_update_the_one_post_in_place_once()
    {
        await using var app = await StartAsync();
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        var posted = Assert.Single(Headline(app).Messages);
        var tech = Room(app, TechName).Id;

        await app.CrisisAsync("severity sev2 because only the web shop is affected", channel: tech);
        await app.SettleAsync();
        var afterSeverity = Assert.Single(Headline(app).Messages);
        Assert.Equal(posted.Ts, afterSeverity.Ts);
        Assert.True(afterSeverity.Edited);
        Assert.Contains("*Severity:* sev2", afterSeverity.VisibleText);

        await app.CrisisAsync("theory Lock contention from the price job prove replay the logs on staging by 45m", channel: tech);
        await app.SettleAsync();
        Assert.Contains($"next diagnostic deadline D1 {DeadlineRoom.DateToken(45)}", Assert.Single(Headline(app).Messages).VisibleText);

        await app.CrisisAsync($"owner <@{WarRoomApp.Bob}> because Bob knows the POS", channel: tech);
        await app.SettleAsync();
        var afterHandover = Assert.Single(Headline(app).Messages);
        Assert.Equal(posted.Ts, afterHandover.Ts);
        Assert.Contains("*Owner:* <@U0BOB>", afterHandover.VisibleText);

        await app.CrisisAsync("severity sev1 because the stores are down too", channel: tech, user: WarRoomApp.Bob);
        await app.SettleAsync();
        var afterSev1 = Assert.Single(Headline(app).Messages);
        Assert.Equal(posted.Ts, afterSev1.Ts);
        Assert.Contains("*Severity:* sev1 · *Owner:* <@U0BOB>", afterSev1.VisibleText);
        Assert.Equal(4, app.Slack.Workspace.CallsTo("chat.update").Count(c => c.Ok && (string?)c.Arguments["channel"] == Headline(app).Id));
    }

    [Fact]
    public async Task Without_the_setting_the_headline_channel_gets_no_post_and_no_call()
    {
        string? headline = null;
        await using var app = await WarRoomApp.StartAsync(seed: workspace =>
        {
            headline = AddHeadlineChannel(workspace, botIsMember: true);
            return [];
        });

        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();

        Assert.Empty(app.Slack.Workspace.Channel(headline!).Messages);
        Assert.DoesNotContain(app.Slack.Workspace.Calls, c => (string?)c.Arguments["channel"] == headline);
        Assert.DoesNotContain(await TimelineAsync(app), e => e is CrisisEvent.HeadlineChannelChosen);
        Assert.All([Room(app, TechName), Room(app, BizName)], room => Assert.Single(room.Pins));
    }

    [Fact]
    public async Task A_restart_between_posting_the_headline_and_recording_it_leaves_one_post_showing_the_crisis_as_it_stands()
    {
        var hang = new HangOnce();
        await using var app = await StartAsync(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(ISlackApi));
            services.Remove(real);
            services.AddTransient(provider => hang.Around((ISlackApi)real.ImplementationFactory!(provider)));
        });
        hang.Channel = Headline(app).Id;

        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await hang.Posted.Task.WaitAsync(wait.Token);

        // The post is in Slack, its answer never recorded; meanwhile the crisis moves on.
        await app.CrisisAsync("severity sev2 because only the web shop is affected", channel: Room(app, TechName).Id);
        await app.RestartAsync();
        await app.SettleAsync();

        var post = Assert.Single(Headline(app).Messages);
        Assert.Contains("*Severity:* sev2", post.VisibleText);
        Assert.Single(app.Slack.Workspace.CallsTo("chat.postMessage"), c => (string?)c.Arguments["channel"] == Headline(app).Id);
        Assert.Single(await TimelineAsync(app), e => e is CrisisEvent.MessagePosted { Kind: ChannelKind.Headline });
    }

    [Fact]
    public async Task When_slack_refuses_the_headline_the_owner_is_told_how_to_fix_it_and_both_rooms_are_built_as_usual()
    {
        await using var app = await StartAsync(botIsMember: false);

        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        await app.CrisisAsync("theory Lock contention from the price job prove replay the logs on staging by 45m", channel: Room(app, TechName).Id);
        await app.SettleAsync();

        Assert.Empty(Headline(app).Messages);
        var tech = Room(app, TechName);
        var told = Assert.Single(tech.Messages, m => m.VisibleText.Contains("posting the headline", StringComparison.Ordinal));
        Assert.Contains($"<@U0ALICE> I could not finish posting the headline in the headline channel <#{Headline(app).Id}>.", told.VisibleText);
        Assert.Contains("`not_in_channel`", told.VisibleText);
        Assert.Contains("invite the bot to it", told.VisibleText);
        Assert.Single(tech.Pins);
        Assert.Single(Room(app, BizName).Pins);
        Assert.Contains(tech.Messages, m => m.VisibleText.Contains("Lock contention from the price job", StringComparison.Ordinal));

        // Refused for good: recorded once, not tried again on every change.
        Assert.Single(app.Slack.Workspace.CallsTo("chat.postMessage"), c => (string?)c.Arguments["channel"] == Headline(app).Id);
    }

    private static Task<WarRoomApp> StartAsync(Action<IServiceCollection>? replaceServices = null, bool botIsMember = true) =>
        WarRoomApp.StartAsync(replaceServices: replaceServices, seed: workspace => new()
        {
            ["WarRoom:HeadlineChannel"] = AddHeadlineChannel(workspace, botIsMember),
        });

    /// <summary>The channel leaders read, made by a person; the bot is in it once someone invited it.</summary>
    private static string AddHeadlineChannel(Workspace workspace, bool botIsMember)
    {
        var channel = workspace.AddChannel(HeadlineName, creator: WarRoomApp.Dave);
        if (botIsMember)
            workspace.AddMember(channel.Id, workspace.Users.Single(u => u.IsBot).Id);
        return channel.Id;
    }

    private static ChannelRecord Headline(WarRoomApp app) => app.Slack.Workspace.ChannelNamed(HeadlineName)!;

    private static ChannelRecord Room(WarRoomApp app, string name) => app.Slack.Workspace.ChannelNamed(name)!;

    private static async Task<IReadOnlyList<CrisisEvent>> TimelineAsync(WarRoomApp app) =>
        (await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None))!.Events;

    /// <summary>
    /// The real Slack client, except that the first post to <see cref="Channel"/> is made and then never answered, as when
    /// the bot dies right after Slack took the post: the caller waits until its host stops.
    /// </summary>
    private sealed class HangOnce
    {
        private int hung;

        public string? Channel { get; set; }

        public TaskCompletionSource Posted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ISlackApi Around(ISlackApi real)
        {
            var proxy = DispatchProxy.Create<ISlackApi, Proxy>();
            ((Proxy)(object)proxy).Init(real, this);
            return proxy;
        }

        private async Task<string> PostThenHangAsync(ISlackApi real, OutgoingMessage message, CancellationToken ct)
        {
            await real.PostMessageAsync(message, ct);
            Posted.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new OperationCanceledException(ct);
        }

        public class Proxy : DispatchProxy
        {
            private ISlackApi real = null!;
            private HangOnce owner = null!;

            internal void Init(ISlackApi api, HangOnce hang)
            {
                real = api;
                owner = hang;
            }

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (targetMethod!.Name == nameof(ISlackApi.PostMessageAsync) && args![0] is OutgoingMessage message
                    && message.Channel.Value == owner.Channel && Interlocked.Exchange(ref owner.hung, 1) == 0)
                {
                    return owner.PostThenHangAsync(real, message, (CancellationToken)args[1]!);
                }

                return targetMethod.Invoke(real, args);
            }
        }
    }
}
