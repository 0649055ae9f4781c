using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Features;

/// <summary>What an operator reads in the bot's log: its own decisions, not framework chatter or people's words.</summary>
public sealed class OperatorLogTests
{
    private const string Statement = "Lock contention from the nightly price job";
    private const string Plan = "replay the 02:00 logs on staging";

    [Fact]
    public async Task Each_recorded_decision_is_one_structured_line_without_peoples_words()
    {
        var logs = new LogCapture();
        await using var app = await WarRoomApp.StartAsync(replaceServices: logs.AddTo);
        await app.CrisisAsync("open Checkout freezes sev1");
        await app.SettleAsync();
        var tech = app.Slack.Workspace.ChannelNamed("crisis-1-checkout-freezes")!.Id;

        await app.CrisisAsync($"theory {Statement} prove {Plan} by 45m", channel: tech);

        var history = await app.Services.GetRequiredService<ICrisisStore>().LoadAsync(new CrisisId(1), CancellationToken.None);
        var decisions = logs.Lines.Where(l => l.Category.StartsWith("WarRoomBot.Features", StringComparison.Ordinal)).ToList();
        Assert.Collection(
            decisions,
            opened => Assert.Equal("Crisis 1 recorded Opened sev1 owner U0ALICE, ExpectationsDefaulted by U0ALICE at version 2", opened.Message),
            theory =>
            {
                Assert.Equal(LogLevel.Information, theory.Level);
                Assert.Equal($"Crisis 1 recorded TheoryProposed T1, DeadlineSet D1 due 2026-11-22T14:45:00Z for T1 by U0ALICE at version {history!.Version}", theory.Message);
                Assert.Equal(1, theory.State["Crisis"]);
                Assert.Equal("U0ALICE", theory.State["By"]);
                Assert.Equal(history.Version, theory.State["Version"]);
            });
        Assert.IsType<CrisisEvent.DeadlineSet>(history!.Events[^1]);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("Lock contention", StringComparison.Ordinal) || l.Message.Contains("staging", StringComparison.Ordinal));
        Assert.DoesNotContain(decisions, l => l.Message.Contains("Checkout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Framework_noise_stays_below_warnings_unless_configured()
    {
        var quiet = new LogCapture();
        await using (var app = await WarRoomApp.StartAsync(replaceServices: quiet.AddTo))
        {
            await app.CrisisAsync("open Checkout freezes");
            await app.SettleAsync();
        }

        var configured = new LogCapture();
        await using (var app = await WarRoomApp.StartAsync(
            new() { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information" },
            configured.AddTo))
        {
            await app.CrisisAsync("open Checkout freezes");
        }

        Assert.DoesNotContain(quiet.Lines, l => l.Level < LogLevel.Warning && IsFramework(l.Category));
        Assert.Contains(quiet.Lines, l => l.Level == LogLevel.Information && l.Category.StartsWith("WarRoomBot.", StringComparison.Ordinal));
        Assert.Contains(configured.Lines, l => l.Level == LogLevel.Information && l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    private static bool IsFramework(string category) =>
        category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || category.StartsWith("System.Net.Http", StringComparison.Ordinal)
        || category.StartsWith("Quartz", StringComparison.Ordinal);
}
