using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Xunit.Abstractions;

namespace WarRoomBot.Tests.Features;

public sealed class DeadlineScratchTests(ITestOutputHelper output)
{
    private async Task Dump(DeadlineRoom room, string when)
    {
        var scheduler = await room.App.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var status = await scheduler.GetStatus();
        output.WriteLine($"{when}: now={room.App.Time.GetUtcNow():O} status={System.Text.Json.JsonSerializer.Serialize(status)} id={await scheduler.GetSchedulerInstanceId()}");
        var key = new TriggerKey("crisis-1", "deadlines");
        var t = await scheduler.GetTrigger(key);
        output.WriteLine($"  {key} next={t?.NextFireTimeUtc:O} prev={t?.PreviousFireTimeUtc:O} state={await scheduler.GetTriggerState(key)}");
    }

    [Fact]
    public async Task Scratch()
    {
        await using var room = await DeadlineRoom.OpenAsync();
        await room.CrisisAsync("deadline Get heap dump from store 114 by 20m");
        await room.App.SettleAsync();
        await Dump(room, "before restart");
        await room.App.RestartAsync();
        await Dump(room, "after restart");
        await Task.Delay(2000);
        await Dump(room, "after restart +2s");
        room.App.Time.Advance(TimeSpan.FromMinutes(20));
        await Task.Delay(3000);
        await Dump(room, "after advance");
        output.WriteLine(string.Join("\n---\n", room.TechMessages.Select(m => m.VisibleText)));
    }
}
