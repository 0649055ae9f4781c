using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WarRoomBot.Tests.Features;

/// <summary>What a service's log says of the bot's lifetime, which the console lifetime said before <see cref="StopSignal"/> replaced it.</summary>
public sealed class StopSignalTests
{
    [Fact]
    public void The_log_says_when_the_bot_is_running_and_when_it_begins_to_stop()
    {
        var logs = new LogCapture();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        StopSignal.Announce(lifetime, factory.CreateLogger<StopSignal>());

        lifetime.NotifyStarted();
        var started = logs.Lines.Select(l => l.Message).ToList();
        lifetime.StopApplication();

        Assert.Equal(["WarRoomBot is running; Ctrl+C or SIGTERM stops it"], started);
        Assert.Equal(
            ["WarRoomBot is running; Ctrl+C or SIGTERM stops it", "WarRoomBot is stopping: the writes under way are answered, then the store closes its file"],
            logs.Lines.Select(l => l.Message));
        Assert.All(logs.Lines, l => Assert.Equal((typeof(StopSignal).FullName, LogLevel.Information), (l.Category, l.Level)));
    }
}
