using WarRoomBot.Slack;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.List;

/// <summary>
/// <c>/crisis list</c> (issue 11): the open crises, worst first, for the person who asked only. It reads the listings the
/// stores write with every append, so it answers within Slack's 3 seconds however many crises there are.
/// </summary>
public sealed class ListHandler(ICrisisStore store, TimeProvider time)
{
    public async Task<Reply> HandleAsync(CancellationToken ct)
    {
        var open = await store.ListOpenAsync(ListBlocks.MaxRows, ct);
        var (text, blocks) = ListBlocks.Render(open, time.GetUtcNow());
        return Reply.Private(text, blocks);
    }
}
