using WarRoomBot.Crises;

namespace WarRoomBot.Features;

/// <summary>
/// This process's writers to one crisis (a command, the crisis clock, the publisher's two rooms) take turns: each loads
/// and appends while it holds the crisis's turn, so none loses its append to another. Without turns, a command typed
/// while the publisher recorded a new crisis's Slack answers could lose the version check five times running on a busy
/// machine and be answered "nothing was recorded". Replicas on a shared store do not queue here; their rare collisions
/// are what the version check and a retry settle. Crises with nobody writing take no memory.
/// </summary>
public sealed class CrisisTurns
{
    private readonly Dictionary<CrisisId, Queue> queues = [];

    /// <summary>Waits for the turn on <paramref name="crisis"/>; disposing the result ends it.</summary>
    public async Task<IDisposable> TakeAsync(CrisisId crisis, CancellationToken ct)
    {
        Queue queue;
        lock (queues)
        {
            if (!queues.TryGetValue(crisis, out queue!))
                queues[crisis] = queue = new Queue();
            queue.Waiting++;
        }

        try
        {
            await queue.Gate.WaitAsync(ct);
        }
        catch
        {
            Leave(crisis, queue);
            throw;
        }

        return new Turn(this, crisis, queue);
    }

    private void Leave(CrisisId crisis, Queue queue)
    {
        lock (queues)
        {
            if (--queue.Waiting == 0)
            {
                queues.Remove(crisis);
                queue.Gate.Dispose();
            }
        }
    }

    private sealed class Queue
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Waiting { get; set; }
    }

    private sealed class Turn(CrisisTurns turns, CrisisId crisis, Queue queue) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) != 0)
                return;
            queue.Gate.Release();
            turns.Leave(crisis, queue);
        }
    }
}
