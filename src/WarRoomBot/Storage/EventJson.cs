using System.Collections.Frozen;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using WarRoomBot.Crises;

namespace WarRoomBot.Storage;

/// <summary>
/// Stable names and JSON bodies for stored events. Names are written to disk and never derived from CLR names,
/// so renaming a class cannot orphan a timeline.
/// </summary>
public static class EventJson
{
    private static readonly FrozenDictionary<Type, string> NameOf = new Dictionary<Type, string>
    {
        [typeof(CrisisEvent.Opened)] = "crisis.opened",
        [typeof(CrisisEvent.ChannelCreated)] = "channel.created",
        [typeof(CrisisEvent.ChannelPrepared)] = "channel.prepared",
        [typeof(CrisisEvent.KickoffPosted)] = "kickoff.posted",
        [typeof(CrisisEvent.KickoffPinned)] = "kickoff.pinned",
        [typeof(CrisisEvent.OpenerNotified)] = "opener.notified",
        [typeof(CrisisEvent.PublishingFailed)] = "publishing.failed",
        [typeof(CrisisEvent.TheoryProposed)] = "theory.proposed",
        [typeof(CrisisEvent.DeadlineSet)] = "deadline.set",
        [typeof(CrisisEvent.OutcomeRecorded)] = "deadline.outcome-recorded",
        [typeof(CrisisEvent.TheoryWithdrawn)] = "theory.withdrawn",
        [typeof(CrisisEvent.DeadlineWithdrawn)] = "deadline.withdrawn",
        [typeof(CrisisEvent.DeadlineApproaching)] = "deadline.approaching",
        [typeof(CrisisEvent.DeadlineFellDue)] = "deadline.fell-due",
        [typeof(CrisisEvent.DeadlineMissed)] = "deadline.missed",
        [typeof(CrisisEvent.BusinessUpdateGiven)] = "update.given",
        [typeof(CrisisEvent.UpdateApproaching)] = "update.approaching",
        [typeof(CrisisEvent.MessagePosted)] = "message.posted",
        [typeof(CrisisEvent.MessageUpdated)] = "message.updated",
        [typeof(CrisisEvent.OpenerReplyFailed)] = "opener.reply-failed",
        [typeof(CrisisEvent.FailureReported)] = "failure.reported",
        [typeof(CrisisEvent.FactRecorded)] = "fact.recorded",
        [typeof(CrisisEvent.QuestionAsked)] = "question.asked",
        [typeof(CrisisEvent.QuestionAnswered)] = "question.answered",
        [typeof(CrisisEvent.CustomerAsked)] = "ask.made",
        [typeof(CrisisEvent.CustomerAskDone)] = "ask.done",
        [typeof(CrisisEvent.ConcernParked)] = "concern.parked",
        [typeof(CrisisEvent.TimeSpent)] = "time.spent",
        [typeof(CrisisEvent.OwnerHandedOver)] = "owner.handed-over",
        [typeof(CrisisEvent.OwnershipAccepted)] = "owner.accepted",
        [typeof(CrisisEvent.OwnerAcceptanceEscalated)] = "owner.acceptance-escalated",
        [typeof(CrisisEvent.OwnerPhoneGiven)] = "owner.phone-given",
        [typeof(CrisisEvent.SponsorNamed)] = "sponsor.named",
        [typeof(CrisisEvent.ImpactAssessed)] = "impact.assessed",
        [typeof(CrisisEvent.SeverityChanged)] = "severity.changed",
        [typeof(CrisisEvent.ActionItemRecorded)] = "action.recorded",
        [typeof(CrisisEvent.ActionItemDone)] = "action.done",
        [typeof(CrisisEvent.ActionItemFellDue)] = "action.fell-due",
        [typeof(CrisisEvent.Resolved)] = "crisis.resolved",
        [typeof(CrisisEvent.FixAccepted)] = "crisis.fix-accepted",
        [typeof(CrisisEvent.FollowUpFellDue)] = "crisis.follow-up-fell-due",
        [typeof(CrisisEvent.Reopened)] = "crisis.reopened",
        [typeof(CrisisEvent.Closed)] = "crisis.closed",
        [typeof(CrisisEvent.HeadlineChannelChosen)] = "headline.channel-chosen",
        [typeof(CrisisEvent.ExpectationsDefaulted)] = "expectations.defaulted",
        [typeof(CrisisEvent.ExpectationsSet)] = "expectations.set",
        [typeof(CrisisEvent.TargetAtRisk)] = "expectations.target-at-risk",
        [typeof(CrisisEvent.WorstCasePassed)] = "expectations.worst-case-passed",
        [typeof(CrisisEvent.ContextAdded)] = "context.added",
        [typeof(CrisisEvent.Mitigated)] = "mitigation.recorded",
        [typeof(CrisisEvent.MitigationFailed)] = "mitigation.failed",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, Type> TypeOf = NameOf.ToFrozenDictionary(p => p.Value, p => p.Key);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower),
            new CrisisIdConverter(),
            new UserIdConverter(),
            new ChannelIdConverter(),
            new TheoryIdConverter(),
            new DeadlineIdConverter(),
            new NumberedIdConverter<FactId>(n => new(n), id => id.Number),
            new NumberedIdConverter<QuestionId>(n => new(n), id => id.Number),
            new NumberedIdConverter<AskId>(n => new(n), id => id.Number),
            new NumberedIdConverter<ActionItemId>(n => new(n), id => id.Number),
            new ValueListConverterFactory(),
        },
    };

    public static string Name(CrisisEvent e) =>
        NameOf.TryGetValue(e.GetType(), out var name) ? name : throw new InvalidOperationException($"{e.GetType().Name} has no stored name in EventJson.");

    public static string Serialize(CrisisEvent e) => JsonSerializer.Serialize(e, e.GetType(), Options);

    /// <summary>The body as UTF-8, as the serializer writes it: no turning it into a string and back.</summary>
    public static byte[] SerializeToUtf8(CrisisEvent e) => JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), Options);

    public static CrisisEvent Deserialize(string name, string body) =>
        (CrisisEvent)(JsonSerializer.Deserialize(body, TypeNamed(name), Options) ?? throw new JsonException($"Empty body for {name}."));

    public static CrisisEvent Deserialize(string name, ReadOnlySpan<byte> utf8Body) =>
        (CrisisEvent)(JsonSerializer.Deserialize(utf8Body, TypeNamed(name), Options) ?? throw new JsonException($"Empty body for {name}."));

    private static Type TypeNamed(string name) =>
        TypeOf.TryGetValue(name, out var type) ? type : throw new JsonException($"Unknown stored event type '{name}'.");

    /// <summary>
    /// A timeline from rows of (version, type, body) in version order, as every SQL store keeps it; null when there are
    /// no rows, which is how a crisis that does not exist reads.
    /// </summary>
    public static async Task<CrisisHistory?> ReadTimelineAsync(DbDataReader rows, CrisisId crisis, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var events = new List<CrisisEvent>();
        var version = 0;
        while (await rows.ReadAsync(ct))
        {
            version = rows.GetInt32(0);
            events.Add(Deserialize(rows.GetString(1), rows.GetString(2)));
        }

        return events.Count == 0 ? null : new CrisisHistory(crisis, version, events);
    }

    private sealed class CrisisIdConverter : JsonConverter<CrisisId>
    {
        public override CrisisId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

        public override void Write(Utf8JsonWriter writer, CrisisId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
    }

    private sealed class UserIdConverter : JsonConverter<UserId>
    {
        public override UserId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, UserId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class ChannelIdConverter : JsonConverter<ChannelId>
    {
        public override ChannelId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, ChannelId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
    }

    private sealed class TheoryIdConverter : JsonConverter<TheoryId>
    {
        public override TheoryId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

        public override void Write(Utf8JsonWriter writer, TheoryId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
    }

    private sealed class DeadlineIdConverter : JsonConverter<DeadlineId>
    {
        public override DeadlineId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => new(reader.GetInt32());

        public override void Write(Utf8JsonWriter writer, DeadlineId value, JsonSerializerOptions options) => writer.WriteNumberValue(value.Number);
    }

    /// <summary>An id people write with a letter (F1, Q1, A1) is stored as its number, as theories and deadlines are.</summary>
    private sealed class NumberedIdConverter<T>(Func<int, T> read, Func<T, int> write) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => read(reader.GetInt32());

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteNumberValue(write(value));
    }

    private sealed class ValueListConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueList<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ValueListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class ValueListConverter<T> : JsonConverter<ValueList<T>>
    {
        public override ValueList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<T[]>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, ValueList<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);
    }
}
