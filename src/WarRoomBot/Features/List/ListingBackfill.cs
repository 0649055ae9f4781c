using WarRoomBot.Crises;
using WarRoomBot.Storage;

namespace WarRoomBot.Features.List;

/// <summary>
/// Gives a listing to every crisis stored before the stores kept one, and its stage to every one listed before the listing
/// kept that, at start-up and in the background, so that <c>/crisis list</c> shows the crises of an upgraded store too,
/// a resolved one as resolved: a page at a time, each crisis folded once. A crisis that moves on meanwhile gets its
/// listing from that append instead.
/// </summary>
public sealed partial class ListingBackfill(ICrisisStore store, ILogger<ListingBackfill> logger) : BackgroundService
{
    /// <summary>How many crisis numbers one query asks for.</summary>
    public const int Page = 100;

    /// <summary>Lists every crisis without a listing or without its stage in it; returns how many were folded.</summary>
    public static async Task<int> RunAsync(ICrisisStore store, CancellationToken ct)
    {
        var folded = 0;
        CrisisId? after = null;
        while (await store.UnlistedAsync(after, Page, ct) is { Count: > 0 } page)
        {
            foreach (var id in page)
            {
                if (await store.LoadAsync(id, ct) is { } history)
                {
                    await store.IndexAsync(history.Fold(), history.Version, ct);
                    folded++;
                }
            }

            // Past the page whatever happened to each: a crisis that could not be listed now is not tried forever.
            after = page[^1];
        }

        return folded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the bot answers commands while an old store's crises are being listed.
        await Task.Yield();
        try
        {
            if (await RunAsync(store, stoppingToken) is var folded and > 0)
                Listed(logger, folded);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not a reason to stop the bot: the rest of it works, and the next start tries again.
            CouldNotList(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Count} crises stored before /crisis list kept listings, or their stage in them")]
    private static partial void Listed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the crises stored before /crisis list kept listings, or their stage in them; /crisis list leaves them out, or shows them as open, until the next start")]
    private static partial void CouldNotList(ILogger logger, Exception error);
}
