using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using WarRoomBot.Slack.Api;

namespace WarRoomBot.Slack;

/// <summary>
/// Slack calls that belong to no crisis yet (opening a modal) run here, after the HTTP answer has gone back,
/// so a handler never waits on Slack. Failures are logged and told to the user by the work itself.
/// </summary>
public sealed partial class SlackSideTasks(ISlackApi slack, ILogger<SlackSideTasks> log) : BackgroundService
{
    private readonly Channel<Func<ISlackApi, CancellationToken, Task>> queue = Channel.CreateUnbounded<Func<ISlackApi, CancellationToken, Task>>();
    private readonly ConcurrentDictionary<Task, bool> running = new();
    private int queued;

    public void Enqueue(Func<ISlackApi, CancellationToken, Task> work)
    {
        Interlocked.Increment(ref queued);
        queue.Writer.TryWrite(work);
    }

    /// <summary>A private answer to the person behind <paramref name="responseUrl"/>, leaving the message they clicked as it is.</summary>
    public void Tell(string? responseUrl, string text) => Enqueue((api, ct) => RespondAsync(api, responseUrl, text, ct));

    /// <summary>
    /// Opens a form on a trigger. A trigger lives three seconds and is good for one form; when Slack refuses it, the person
    /// would otherwise see nothing at all, so they hear why, privately (<paramref name="failed"/>), with the one line that
    /// does the same.
    /// </summary>
    public void OpenView(string triggerId, JsonObject view, string? responseUrl, Func<SlackApiException, string> failed) => Enqueue(async (api, ct) =>
    {
        try
        {
            await api.OpenViewAsync(triggerId, view, ct);
        }
        catch (SlackApiException e)
        {
            await RespondAsync(api, responseUrl, failed(e), ct);
        }
    });

    public static Task RespondAsync(ISlackApi slack, string? responseUrl, string text, CancellationToken ct) =>
        Uri.TryCreate(responseUrl, UriKind.Absolute, out var url)
            ? slack.RespondAsync(url, new JsonObject
            {
                ["response_type"] = "ephemeral",
                ["replace_original"] = false,
                ["text"] = Blocks.Mrkdwn.EscapePlaceholders(text),
            }, ct)
            : Task.CompletedTask;

    /// <summary>Waits until everything queued so far has finished.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        while (Volatile.Read(ref queued) > 0 || !running.IsEmpty)
        {
            if (running.Keys.ToArray() is { Length: > 0 } tasks)
                await Task.WhenAll(tasks).WaitAsync(ct);
            else
                await Task.Yield();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var work in queue.Reader.ReadAllAsync(stopping))
            {
                // Each item runs on its own: a slow views.open must not hold up the next one.
                var task = RunAsync(work, stopping);
                running[task] = true;
                Interlocked.Decrement(ref queued);
                _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(Func<ISlackApi, CancellationToken, Task> work, CancellationToken ct)
    {
        try
        {
            await work(slack, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A Slack side task failed")]
    private partial void LogFailed(Exception e);
}
