using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Tests.Storage;

/// <summary>
/// The crisis of each war room, kept in memory by the embedded store: a room asked about again is answered with what the
/// file holds, a channel without a room yet is asked of the file again (so a room created later is found), and no more
/// channels are kept than the bound.
/// </summary>
public sealed class ChannelCacheTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    private static readonly UserId Alice = new("U0ALICE");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-channels-").FullName;

    private string Database => Path.Combine(folder, "warroom.litedb");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_room_asked_about_again_is_answered_from_memory_with_the_crisis_the_file_holds()
    {
        var channels = new ChannelCache();
        using var store = Open(channels);
        await store.OpenAsync([Opened("Other crisis")], None);
        var crisis = await OpenWithRoomAsync(store, "C0TECH2");

        Assert.Equal(crisis, await store.CrisisForChannelAsync(new("C0TECH2"), None));
        Assert.Equal(1, channels.Count);

        // Kept: the answer no longer needs the file.
        Assert.Equal(crisis, await channels.CrisisForAsync(new("C0TECH2"), () => throw new InvalidOperationException("the file was read")));
        Assert.Equal(crisis, await store.CrisisForChannelAsync(new("C0TECH2"), None));
    }

    [Fact]
    public async Task A_channel_asked_about_before_its_room_is_created_is_found_once_it_is()
    {
        var channels = new ChannelCache();
        using var store = Open(channels);
        var opened = await store.OpenAsync([Opened("Checkout freezes")], None);

        Assert.Null(await store.CrisisForChannelAsync(new("C0TECH1"), None));
        Assert.Equal(0, channels.Count);

        await store.AppendAsync(opened.Id, opened.Version, [Created("C0TECH1")], Crisis.Evolve(opened.Fold(), Created("C0TECH1")), None);

        Assert.Equal(opened.Id, await store.CrisisForChannelAsync(new("C0TECH1"), None));
        Assert.Null(await store.CrisisForChannelAsync(new("C0ELSEWHERE"), None));
    }

    [Fact]
    public async Task The_store_keeps_no_more_rooms_than_the_bound_and_still_answers_the_ones_it_let_go()
    {
        var channels = new ChannelCache(capacity: 2);
        using var store = Open(channels);
        List<CrisisId> crises = [];
        for (var i = 1; i <= 3; i++)
            crises.Add(await OpenWithRoomAsync(store, $"C0TECH{i}"));

        for (var i = 1; i <= 3; i++)
            Assert.Equal(crises[i - 1], await store.CrisisForChannelAsync(new($"C0TECH{i}"), None));

        Assert.Equal(2, channels.Count);
        var read = 0;
        Assert.Null(await channels.CrisisForAsync(new("C0TECH1"), () => { read++; return Task.FromResult<CrisisId?>(null); }));
        Assert.Equal(1, read);
        Assert.Equal(crises[0], await store.CrisisForChannelAsync(new("C0TECH1"), None));
        Assert.Equal(2, channels.Count);
    }

    [Fact]
    public async Task The_room_used_least_recently_is_let_go_first_when_the_bound_is_reached()
    {
        var channels = new ChannelCache(capacity: 2);
        var reads = new List<string>();
        Task<CrisisId?> Read(string channel, int crisis)
        {
            reads.Add(channel);
            return Task.FromResult<CrisisId?>(new CrisisId(crisis));
        }

        await channels.CrisisForAsync(new("C1"), () => Read("C1", 1));
        await channels.CrisisForAsync(new("C2"), () => Read("C2", 2));
        await channels.CrisisForAsync(new("C1"), () => Read("C1", 1));
        await channels.CrisisForAsync(new("C3"), () => Read("C3", 3));
        await channels.CrisisForAsync(new("C1"), () => Read("C1", 1));
        await channels.CrisisForAsync(new("C2"), () => Read("C2", 2));

        Assert.Equal(["C1", "C2", "C3", "C2"], reads);
    }

    private LiteDbCrisisStore Open(ChannelCache channels) =>
        new(Database, TimeProvider.System, () => ClockPolicy.Default, channels: channels);

    private static async Task<CrisisId> OpenWithRoomAsync(ICrisisStore store, string channel)
    {
        var opened = await store.OpenAsync([Opened($"Crisis of {channel}")], None);
        await store.AppendAsync(opened.Id, opened.Version, [Created(channel)], Crisis.Evolve(opened.Fold(), Created(channel)), None);
        return opened.Id;
    }

    private static CrisisEvent.ChannelCreated Created(string channel) =>
        new(ChannelKind.Technical, new ChannelId(channel), $"crisis-{channel.ToLowerInvariant()}", T.AddMinutes(1));

    private static CrisisEvent.Opened Opened(string title) =>
        new(title, Severity.Sev1, "Acme Retail", Alice, Alice, null, null, ValueList<UserId>.Empty, ValueList<UserId>.Empty, true, T.AddMinutes(30), T);
}
