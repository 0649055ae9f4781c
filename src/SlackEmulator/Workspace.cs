using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace SlackEmulator;

/// <summary>
/// Everything the fake Slack knows. One lock guards all of it, so each Web API call applies atomically
/// and every public read is a snapshot of immutable records that tests can assert on freely. Every change
/// a person could see bumps <see cref="Version"/>, which the sandbox page watches and the state file saves on.
/// </summary>
public sealed class Workspace
{
    internal readonly Lock Gate = new();
    private readonly EmulatorSettings _settings;

    /// <summary>Who the bot is in this workspace, for the page that shows its posts.</summary>
    internal EmulatorSettings Settings => _settings;
    private readonly Dictionary<string, SlackUserRecord> _users = [];
    private readonly List<string> _userOrder = [];
    private readonly Dictionary<string, ChannelRecord> _channels = [];
    private readonly List<string> _channelOrder = [];
    private readonly List<ViewRecord> _views = [];
    private readonly List<EphemeralRecord> _ephemerals = [];
    private readonly List<ResponseRecord> _responses = [];
    private readonly List<ApiCall> _calls = [];
    private readonly List<FileRecord> _files = [];
    private readonly Dictionary<string, TriggerState> _triggers = [];
    private readonly Dictionary<string, ResponseUrlState> _responseUrls = [];
    private readonly Dictionary<string, string> _directChannels = [];
    private readonly HashSet<TaskCompletionSource> _changeWaiters = [];
    private readonly TimeProvider _clock;
    private readonly long _epoch;
    private long _version;
    private long _lastTsMicros;
    private int _channelCounter;
    private int _viewCounter;
    private int _triggerCounter;
    private int _responseUrlCounter;
    private readonly List<(string Channel, Func<MessageRecord, bool> Match, TaskCompletionSource<MessageRecord> Found)> _messageWaiters = [];

    internal Workspace(EmulatorSettings settings, TimeProvider clock)
    {
        _settings = settings;
        _clock = clock;
        _epoch = clock.GetUtcNow().ToUnixTimeSeconds();
        AddUserLocked(BotUser());
    }

    private SlackUserRecord BotUser() => new()
    {
        Id = _settings.BotUserId, Name = "warroombot", RealName = "War Room Bot", IsBot = true,
        TimeZone = "America/Los_Angeles", TzOffsetSeconds = -28800,
    };

    /// <summary>What a restart must find again; API calls, triggers and response URLs are left out, as Slack expires them within minutes.</summary>
    internal WorkspaceSnapshot SnapshotLocked() => new()
    {
        Format = WorkspaceSnapshot.CurrentFormat,
        LastTsMicros = _lastTsMicros,
        ChannelCounter = _channelCounter,
        ViewCounter = _viewCounter,
        Users = [.. _userOrder.Select(id => _users[id])],
        Channels = [.. _channelOrder.Concat(_directChannels.Values).Select(id => _channels[id])],
        Views = [.. _views],
        Ephemerals = [.. _ephemerals],
    };

    /// <summary>Replaces everything with a saved workspace, before the emulator serves anyone.</summary>
    internal void Restore(WorkspaceSnapshot saved)
    {
        lock (Gate)
        {
            _users.Clear();
            _userOrder.Clear();
            foreach (var user in saved.Users.DistinctBy(u => u.Id)) AddUserLocked(user);
            if (!_users.ContainsKey(_settings.BotUserId)) AddUserLocked(BotUser());

            _channels.Clear();
            _channelOrder.Clear();
            _directChannels.Clear();
            foreach (var channel in saved.Channels)
            {
                _channels[channel.Id] = channel;
                if (channel.DirectWith is { } user) _directChannels[user] = channel.Id;
                else _channelOrder.Add(channel.Id);
            }

            _views.Clear();
            _views.AddRange(saved.Views);
            _ephemerals.Clear();
            _ephemerals.AddRange(saved.Ephemerals);
            _lastTsMicros = saved.LastTsMicros;
            _channelCounter = saved.ChannelCounter;
            _viewCounter = saved.ViewCounter;
            ChangedLocked();
        }
    }

    /// <summary>Grows by at least one with every change a person could see; read it before rendering, then wait for it to move.</summary>
    public long Version { get { lock (Gate) return _version; } }

    /// <summary>
    /// Completes once <see cref="Version"/> is past <paramref name="seen"/>, at once if it already is: the sandbox page
    /// holds one wait per open browser tab, so a cancelled wait (a closed tab) is forgotten rather than kept until the next change.
    /// </summary>
    public Task WaitForChangeAsync(long seen, CancellationToken ct)
    {
        TaskCompletionSource changed;
        lock (Gate)
        {
            if (_version > seen) return Task.CompletedTask;
            if (ct.IsCancellationRequested) return Task.FromCanceled(ct);
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _changeWaiters.Add(changed);
        }
        return ct.CanBeCanceled ? UntilChangedAsync(changed, ct) : changed.Task;
    }

    private async Task UntilChangedAsync(TaskCompletionSource changed, CancellationToken ct)
    {
        await using var cancel = ct.Register(() =>
        {
            lock (Gate) _changeWaiters.Remove(changed);
            changed.TrySetCanceled(ct);
        });
        await changed.Task;
    }

    internal int ChangeWaiterCount { get { lock (Gate) return _changeWaiters.Count; } }

    internal long VersionLocked => _version;

    /// <summary>Every mutation goes through here, so no Web API method can change what a person sees without the page hearing of it.</summary>
    private void ChangedLocked()
    {
        _version++;
        foreach (var waiter in _changeWaiters) waiter.TrySetResult();
        _changeWaiters.Clear();
    }

    public SlackUserRecord AddUser(string id, string name, string? realName = null, string? phone = null,
        string timeZone = "America/New_York", int tzOffsetSeconds = -18000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var user = new SlackUserRecord { Id = id, Name = name, RealName = realName, Phone = phone, TimeZone = timeZone, TzOffsetSeconds = tzOffsetSeconds };
        lock (Gate)
        {
            if (_users.ContainsKey(id)) throw new InvalidOperationException($"User {id} already exists.");
            AddUserLocked(user);
        }
        return user;
    }

    /// <summary>Every user, the bot included (flagged <see cref="SlackUserRecord.IsBot"/>), in the order added.</summary>
    public IReadOnlyList<SlackUserRecord> Users { get { lock (Gate) return [.. _userOrder.Select(id => _users[id])]; } }

    public SlackUserRecord User(string id)
    {
        lock (Gate) return _users.TryGetValue(id, out var u) ? u : throw new KeyNotFoundException($"No user {id}.");
    }

    /// <summary>Creates a channel the way a person would, so tests can pre-occupy names or give the bot somewhere to be invited.</summary>
    public ChannelRecord AddChannel(string name, bool isPrivate = false, string creator = "UOTHER")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (Gate)
        {
            if (ChannelNamedLocked(name) is not null) throw new InvalidOperationException($"A channel named {name} already exists.");
            return CreateChannelLocked(name, isPrivate, creator);
        }
    }

    public IReadOnlyList<ChannelRecord> Channels { get { lock (Gate) return [.. _channelOrder.Select(id => _channels[id])]; } }

    public ChannelRecord Channel(string id)
    {
        lock (Gate) return _channels.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"No channel {id}.");
    }

    public ChannelRecord? ChannelNamed(string name)
    {
        lock (Gate) return ChannelNamedLocked(name);
    }

    public ChannelRecord AddMember(string channelId, string userId)
    {
        lock (Gate)
        {
            var channel = Channel(channelId);
            return channel.Members.Contains(userId) ? channel : ReplaceChannel(channel with { Members = [.. channel.Members, userId] });
        }
    }

    public ChannelRecord ArchiveChannel(string channelId)
    {
        lock (Gate) return ReplaceChannel(Channel(channelId) with { IsArchived = true });
    }

    /// <summary>Posts as a person (no API call), e.g. to give a channel some history.</summary>
    public MessageRecord PostMessage(string channelId, string userId, string text)
    {
        lock (Gate)
        {
            var message = new MessageRecord { Ts = NextTsLocked(), Channel = channelId, User = userId, Text = text };
            AppendMessageLocked(Channel(channelId), message);
            return message;
        }
    }

    /// <summary>What the bot sent to <paramref name="userId"/> directly (chat.postMessage with their user id), oldest first.</summary>
    public IReadOnlyList<MessageRecord> DirectMessagesTo(string userId)
    {
        lock (Gate) return _directChannels.TryGetValue(userId, out var id) ? _channels[id].Messages : [];
    }

    public IReadOnlyList<ViewRecord> Views { get { lock (Gate) return [.. _views]; } }

    public ViewRecord View(string viewId)
    {
        lock (Gate) return _views.FirstOrDefault(v => v.ViewId == viewId) ?? throw new KeyNotFoundException($"No view {viewId}.");
    }

    public IReadOnlyList<EphemeralRecord> Ephemerals { get { lock (Gate) return [.. _ephemerals]; } }

    /// <summary>
    /// Shows a message to one person only, as Slack shows the immediate answer to their slash command
    /// ("Only visible to you"): the sandbox page adds the bot's reply to a command it sent this way.
    /// </summary>
    public EphemeralRecord AddEphemeral(string channelId, string userId, string text, JsonArray? blocks) =>
        AddEphemeral(channelId, userId, text, blocks, ts: null);

    /// <summary>A timestamp taken now for an ephemeral added later: a slash command's reply sits where the command was sent.</summary>
    internal string ReserveTs()
    {
        lock (Gate) return NextTsLocked();
    }

    internal EphemeralRecord AddEphemeral(string channelId, string userId, string text, JsonArray? blocks, string? ts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentNullException.ThrowIfNull(text);
        lock (Gate)
        {
            var channel = Channel(channelId);
            var user = User(userId);
            var ephemeral = new EphemeralRecord { Channel = channel.Id, User = user.Id, Text = text, Blocks = blocks, MessageTs = ts };
            AddEphemeralLocked(ephemeral);
            return _ephemerals[^1];
        }
    }

    public IReadOnlyList<ResponseRecord> Responses { get { lock (Gate) return [.. _responses]; } }

    public IReadOnlyList<ResponseRecord> ResponsesFor(string responseUrlId)
    {
        lock (Gate) return [.. _responses.Where(r => r.ResponseUrlId == responseUrlId)];
    }

    public IReadOnlyList<ApiCall> Calls { get { lock (Gate) return [.. _calls]; } }

    /// <summary>Files shared in a channel by files.completeUploadExternal, oldest first.</summary>
    public IReadOnlyList<FileRecord> Files { get { lock (Gate) return [.. _files.Where(f => f.Completed)]; } }

    internal FileRecord AddFileLocked(string name, int length)
    {
        var file = new FileRecord { Id = "F" + (_files.Count + 1).ToString("X8", CultureInfo.InvariantCulture), Name = name, Length = length };
        _files.Add(file);
        return file;
    }

    internal FileRecord? FileLocked(string id) => _files.FirstOrDefault(f => f.Id == id);

    internal void ReplaceFileLocked(FileRecord file)
    {
        _files[_files.FindIndex(f => f.Id == file.Id)] = file;
        ChangedLocked();
    }

    public IReadOnlyList<ApiCall> CallsTo(string method)
    {
        lock (Gate) return [.. _calls.Where(c => c.Method == method)];
    }

    /// <summary>Forgets the calls recorded so far (a bot's start-up checks), so a test sees only what its own steps caused.</summary>
    public void ForgetCalls()
    {
        lock (Gate) _calls.Clear();
    }

    internal long Epoch => _epoch;

    internal void RecordCall(ApiCall call)
    {
        lock (Gate) _calls.Add(call);
    }

    internal bool TryGetUserLocked(string id, out SlackUserRecord user) => _users.TryGetValue(id, out user!);

    internal bool TryGetChannelLocked(string id, out ChannelRecord channel) => _channels.TryGetValue(id, out channel!);

    internal IEnumerable<ChannelRecord> ChannelsLocked => _channelOrder.Select(id => _channels[id]);

    internal ChannelRecord? ChannelNamedLocked(string name) => ChannelsLocked.FirstOrDefault(c => c.Name == name);

    internal ChannelRecord CreateChannelLocked(string name, bool isPrivate, string creator)
    {
        var id = "C" + (++_channelCounter).ToString("X8", CultureInfo.InvariantCulture);
        var channel = new ChannelRecord
        {
            Id = id, Name = name, IsPrivate = isPrivate, Creator = creator,
            Created = _clock.GetUtcNow().ToUnixTimeSeconds(), Members = [creator],
        };
        _channels[id] = channel;
        _channelOrder.Add(id);
        ChangedLocked();
        return channel;
    }

    /// <summary>The bot's direct-message conversation with a user, opened on first use as Slack does for a user id.</summary>
    internal ChannelRecord DirectChannelLocked(string userId)
    {
        if (_directChannels.TryGetValue(userId, out var existing)) return _channels[existing];
        var id = "D" + (++_channelCounter).ToString("X8", CultureInfo.InvariantCulture);
        var channel = new ChannelRecord
        {
            Id = id, Name = "", Creator = _settings.BotUserId, Created = _clock.GetUtcNow().ToUnixTimeSeconds(),
            Members = [_settings.BotUserId, userId], DirectWith = userId,
        };
        _channels[id] = channel;
        _directChannels[userId] = id;
        ChangedLocked();
        return channel;
    }

    internal ChannelRecord ReplaceChannel(ChannelRecord channel)
    {
        _channels[channel.Id] = channel;
        ChangedLocked();
        return channel;
    }

    internal void AppendMessageLocked(ChannelRecord channel, MessageRecord message)
    {
        ReplaceChannel(channel with { Messages = [.. channel.Messages, message] });
        foreach (var waiter in _messageWaiters.Where(w => w.Channel == channel.Id && w.Match(message)).ToList())
        {
            _messageWaiters.Remove(waiter);
            waiter.Found.TrySetResult(message);
        }
    }

    /// <summary>
    /// Completes when a message matching <paramref name="match"/> is in the channel, already or later: for work the
    /// bot does on its own schedule (a timer firing), which a test can only wait for, not drive.
    /// </summary>
    public async Task<MessageRecord> WaitForMessageAsync(string channelId, Func<MessageRecord, bool> match, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<MessageRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            if (Channel(channelId).Messages.FirstOrDefault(match) is { } already)
                return already;
            _messageWaiters.Add((channelId, match, found));
        }

        using var cancel = ct.Register(() => found.TrySetCanceled(ct));
        return await found.Task;
    }

    internal void ReplaceMessageLocked(ChannelRecord channel, MessageRecord message) =>
        ReplaceChannel(channel with { Messages = [.. channel.Messages.Select(m => m.Ts == message.Ts ? message : m)] });

    internal void RemoveMessageLocked(ChannelRecord channel, string ts) =>
        ReplaceChannel(channel with { Messages = [.. channel.Messages.Where(m => m.Ts != ts)], Pins = [.. channel.Pins.Where(p => p != ts)] });

    /// <summary>
    /// Slack's "seconds.micros" format, read from the workspace's clock but always at least 100 µs past the last one
    /// issued: ts stay unique and ordering by ts stays ordering by time when a fake clock stands still, and after a
    /// restart whose clock reads earlier than the saved workspace's last message.
    /// </summary>
    internal string NextTsLocked()
    {
        var now = (_clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        _lastTsMicros = Math.Max(now, _lastTsMicros + 100);
        return string.Create(CultureInfo.InvariantCulture, $"{_lastTsMicros / 1_000_000}.{_lastTsMicros % 1_000_000:D6}");
    }

    internal string NextViewIdLocked() => "V" + (++_viewCounter).ToString("X8", CultureInfo.InvariantCulture);

    internal string NewHashLocked() => string.Create(CultureInfo.InvariantCulture, $"{_epoch}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");

    internal void AddViewLocked(ViewRecord view)
    {
        _views.Add(view);
        ChangedLocked();
    }

    internal ViewRecord? FindViewLocked(string? viewId, string? externalId) =>
        _views.FirstOrDefault(v => (viewId is not null && v.ViewId == viewId) || (externalId is not null && v.ExternalId == externalId));

    internal void ReplaceViewLocked(ViewRecord view)
    {
        var index = _views.FindIndex(v => v.ViewId == view.ViewId);
        _views[index] = view;
        ChangedLocked();
    }

    /// <summary>The Slack client closed the modal after the app answered a submission.</summary>
    internal void CloseView(string viewId)
    {
        lock (Gate)
        {
            if (FindViewLocked(viewId, null) is { } view) ReplaceViewLocked(view with { Closed = true });
        }
    }

    /// <summary>A submission answered with response_action "update".</summary>
    internal void ReplaceViewContent(string viewId, JsonObject sent)
    {
        lock (Gate)
        {
            if (FindViewLocked(viewId, null) is not { } view) return;
            var updated = view with { Hash = NewHashLocked() };
            var root = view.View["root_view_id"]?.GetValue<string>() ?? view.ViewId;
            ReplaceViewLocked(updated with { View = ViewJson.Stored(_settings, updated, sent, root, view.View["previous_view_id"]?.GetValue<string>()) });
        }
    }

    /// <summary>A submission answered with response_action "push": a new view on top of the submitted one.</summary>
    internal void PushView(ViewRecord under, string userId, JsonObject sent)
    {
        lock (Gate)
        {
            var pushed = new ViewRecord { ViewId = NextViewIdLocked(), TriggerId = "", UserId = userId, Hash = NewHashLocked(), View = sent };
            var root = under.View["root_view_id"]?.GetValue<string>() ?? under.ViewId;
            AddViewLocked(pushed with { View = ViewJson.Stored(_settings, pushed, sent, root, under.ViewId) });
        }
    }

    /// <summary>Each ephemeral gets a ts, so a page can show it among the channel's messages where it happened.</summary>
    internal void AddEphemeralLocked(EphemeralRecord ephemeral)
    {
        _ephemerals.Add(ephemeral.MessageTs is null ? ephemeral with { MessageTs = NextTsLocked() } : ephemeral);
        ChangedLocked();
    }

    internal string IssueTrigger(string userId)
    {
        lock (Gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture,
                $"{++_triggerCounter}.{_epoch}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");
            _triggers[id] = new TriggerState(userId);
            return id;
        }
    }

    internal TriggerState? TriggerLocked(string id) => _triggers.GetValueOrDefault(id);

    internal string IssueResponseUrl(string channelId, string userId, string? messageTs)
    {
        lock (Gate)
        {
            var id = string.Create(CultureInfo.InvariantCulture,
                $"{++_responseUrlCounter}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}");
            _responseUrls[id] = new ResponseUrlState(channelId, userId, messageTs);
            return id;
        }
    }

    internal ResponseUrlState? ResponseUrlLocked(string id) => _responseUrls.GetValueOrDefault(id);

    internal void AddResponseLocked(ResponseRecord response)
    {
        _responses.Add(response);
        ChangedLocked();
    }

    private void AddUserLocked(SlackUserRecord user)
    {
        _users[user.Id] = user;
        _userOrder.Add(user.Id);
        ChangedLocked();
    }

    internal sealed class TriggerState(string userId)
    {
        public string UserId { get; } = userId;
        public bool Used { get; set; }
    }

    internal sealed class ResponseUrlState(string channelId, string userId, string? messageTs)
    {
        public string ChannelId { get; } = channelId;
        public string UserId { get; } = userId;
        public string? MessageTs { get; } = messageTs;
        public int Uses { get; set; }
    }
}
