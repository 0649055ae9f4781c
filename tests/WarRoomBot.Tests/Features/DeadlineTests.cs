using SlackEmulator;

namespace WarRoomBot.Tests.Features;

public sealed class DeadlineTests
{
    private const string TechName = "crisis-1-checkout-freezes";

    private static async Task<(WarRoomApp App, ChannelRecord Tech)> OpenAsync(Dictionary<string, string?>? settings = null)
    {
        var app = await WarRoomApp.StartAsync(settings);
        await app.CrisisAsync("open Checkout freezes sev1 customer: Acme Retail");
        await app.SettleAsync();
        return (app, app.Slack.Workspace.ChannelNamed(TechName)!);
    }

    [Fact]
    public async Task A_theory_is_posted_reminded_falls_due_with_buttons_and_is_confirmed_by_a_click()
    {
        var (app, tech) = await OpenAsync();
        await using var _ = app;

        var ack = await app.CrisisAsync("theory Lock contention from the nightly price job prove replay the 02:00 logs on staging by 45m", channel: tech.Id);
        await app.SettleAsync();

        Assert.Contains("T1", ack.Text);
        Assert.Contains("D1", ack.Text);
        var posted = app.Slack.Workspace.Channel(tech.Id).Messages[^1].VisibleText;
        Assert.Contains("Lock contention from the nightly price job", posted);
        Assert.Contains("replay the 02:00 logs on staging", posted);
        Assert.Contains($"<!date^{WarRoomApp.Start.AddMinutes(45).ToUnixTimeSeconds()}^", posted);
        Assert.Contains("in 45 minutes", posted);
        Assert.Contains("<@U0ALICE>", posted);

        await app.AdvanceAsync(TimeSpan.FromMinutes(35));
        var reminder = app.Slack.Workspace.Channel(tech.Id).Messages[^1].VisibleText;
        Assert.Contains("D1 falls due in 10 minutes", reminder);

        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        var due = app.Slack.Workspace.Channel(tech.Id).Messages[^1];
        Assert.Contains("D1 is due", due.VisibleText);

        var click = await app.Sender.ClickButtonAsync(WarRoomApp.Alice, tech.Id, due, "deadline_confirmed");
        await app.SettleAsync();

        var messages = app.Slack.Workspace.Channel(tech.Id).Messages;
        var updated = messages.Single(m => m.Ts == due.Ts);
        Assert.DoesNotContain("Disproved", updated.VisibleText);
        Assert.Contains("Confirmed", updated.VisibleText);
        Assert.Contains("T1 is now the working explanation", messages[^1].VisibleText);
    }

    [Fact]
    public async Task Quartz_fires_the_due_post_when_the_clock_reaches_it_with_nobody_asking()
    {
        var (app, tech) = await OpenAsync();
        await using var _ = app;
        await app.CrisisAsync("deadline Get heap dump from store 114 by 20m", channel: tech.Id);
        await app.SettleAsync();

        app.Time.Advance(TimeSpan.FromMinutes(20));

        // Only the scheduler's own trigger can post it: nothing here asks the clock or the publisher to run.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await app.Slack.Workspace.WaitForMessageAsync(tech.Id, m => m.VisibleText.Contains("D1 is due"), patience.Token);
        Assert.Contains("Get heap dump from store 114", due.VisibleText);
    }
}
