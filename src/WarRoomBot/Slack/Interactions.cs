using System.Globalization;
using System.Text.Json;
using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

/// <summary>Which deadline button was pressed.</summary>
public enum DeadlineButton
{
    Confirmed,
    Disproved,
    Extend,
}

/// <summary>
/// An interactive payload from Slack (a button click or a form submission), parsed once. Action ids, button values
/// and callback ids are formatted here and read back here, nowhere else.
/// </summary>
public abstract partial record Interaction
{
    private Interaction()
    {
    }

    public const string ExtendCallbackId = "extend_deadline";

    /// <summary>A button on a due post. <paramref name="ResponseUrl"/> answers the clicker privately.</summary>
    public sealed record DeadlineClicked(
        DeadlineButton Button, CrisisId Crisis, DeadlineId Deadline, UserId User, ChannelId? Channel, string? ResponseUrl, string TriggerId) : Interaction;

    /// <summary>A button on the owner's reminder before a business update: post the digest now, or write their own.</summary>
    /// <paramref name="Update"/> is the number of the update the reminder was about.
    public sealed record UpdateClicked(bool PostDigest, CrisisId Crisis, int Update, UserId User, string? ResponseUrl, string TriggerId) : Interaction;

    /// <summary>The owner's update form was submitted; the fields are as typed (any may be empty).</summary>
    public sealed record UpdateSubmitted(CrisisId Crisis, UserId User, string Text, string Next, string Reason) : Interaction;

    /// <summary>The impact form was submitted; the form reads its own fields from <paramref name="Values"/>.</summary>
    public sealed record ImpactSubmitted(CrisisId Crisis, UserId User, JsonElement Values) : Interaction;

    /// <summary>The open-crisis form was submitted; the form reads its own fields.</summary>
    public sealed record OpenCrisisSubmitted(JsonElement View, UserId User) : Interaction;

    /// <summary>The extend form was submitted with a new time and a reason (either may be empty).</summary>
    public sealed record ExtendSubmitted(CrisisId Crisis, DeadlineId Deadline, UserId User, string When, string Reason) : Interaction;

    /// <summary>Anything else: acknowledged and ignored.</summary>
    public sealed record Other(string? Type) : Interaction;

    /// <summary>
    /// A payload Slack could not have sent (not an object, no user to record as the author, a form without Slack's state):
    /// refused with a client error, never acted on and never answered as if a person had made a mistake.
    /// </summary>
    public sealed record Malformed(string Reason) : Interaction;

    public static string ActionId(DeadlineButton button) => button switch
    {
        DeadlineButton.Confirmed => "deadline_confirmed",
        DeadlineButton.Disproved => "deadline_disproved",
        _ => "deadline_extend",
    };

    /// <summary>The button value names the crisis and the deadline, so a click needs no lookup of the message.</summary>
    public static string ButtonValue(CrisisId crisis, DeadlineId deadline) =>
        string.Create(CultureInfo.InvariantCulture, $"{crisis.Number}:{deadline.Number}");

    /// <summary>The extend form remembers its deadline in private_metadata, in the same form as a button value.</summary>
    public static string ExtendMetadata(CrisisId crisis, DeadlineId deadline) => ButtonValue(crisis, deadline);

    public static Interaction Parse(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            return new Malformed("The payload is not a JSON object.");

        var type = String(payload, "type");

        // Every click and form is recorded with its author, so one without a Slack user id is refused rather than stored
        // with no one, or with an invented id, as the author.
        UserId? user = payload.TryGetProperty("user", out var u) && String(u, "id") is { } id && UserId.IsSlackUserId(id) ? new UserId(id) : null;
        const string noUser = "The payload's user.id is missing or is not a Slack user id.";
        switch (type)
        {
            case "block_actions":
                if (!payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
                    return new Other(type);
                var action = actions[0];
                if (String(action, "action_id") is Features.Updates.UpdateBlocks.PostDigestAction or Features.Updates.UpdateBlocks.WriteOwnAction
                    && Features.Updates.UpdateBlocks.ReadValue(String(action, "value")) is { } remindedOf)
                {
                    return user is { } owner
                        ? new UpdateClicked(String(action, "action_id") == Features.Updates.UpdateBlocks.PostDigestAction, remindedOf.Crisis, remindedOf.Update, owner,
                            String(payload, "response_url"), String(payload, "trigger_id") ?? "")
                        : new Malformed(noUser);
                }

                if (String(action, "action_id") is Features.Expectations.ExpectationBlocks.PostDraftAction or Features.Expectations.ExpectationBlocks.EditDraftAction
                    && Features.Updates.UpdateBlocks.ReadValue(String(action, "value")) is { } atRisk)
                {
                    return user is { } prompted
                        ? new AtRiskClicked(String(action, "action_id") == Features.Expectations.ExpectationBlocks.PostDraftAction, atRisk.Crisis, atRisk.Update, prompted,
                            String(payload, "response_url"), String(payload, "trigger_id") ?? "")
                        : new Malformed(noUser);
                }

                if (String(action, "action_id") == Features.Owner.OwnerBlocks.AcceptAction && Features.Owner.OwnerBlocks.ReadAccept(String(action, "value")) is { } accepting)
                {
                    return user is { } taker
                        ? new OwnershipAccepted(accepting.Crisis, accepting.Handover, taker, String(payload, "response_url"))
                        : new Malformed(noUser);
                }

                if (String(action, "action_id") is Features.Lifecycle.LifecycleBlocks.StillFixedAction or Features.Lifecycle.LifecycleBlocks.CameBackAction
                    && Features.Lifecycle.LifecycleBlocks.ReadFollowUp(String(action, "value")) is { } followed)
                {
                    return user is { } answering
                        ? new FollowUpClicked(String(action, "action_id") == Features.Lifecycle.LifecycleBlocks.StillFixedAction, followed.Crisis, followed.Resolution,
                            answering, String(payload, "response_url"), String(payload, "trigger_id") ?? "")
                        : new Malformed(noUser);
                }

                if (String(action, "action_id") == Features.Debrief.DebriefPoster.PostAction && Features.Debrief.DebriefPoster.ReadValue(String(action, "value")) is { } debriefed)
                    return user is { } poster ? new DebriefClicked(debriefed, poster, String(payload, "response_url")) : new Malformed(noUser);

                if (String(action, "action_id") == Features.Watch.WatchBlocks.OpenAction && Features.Watch.WatchBlocks.ReadValue(String(action, "value")) is { } watched)
                {
                    return user is { } opener
                        ? new WatchClicked(watched, opener, payload.TryGetProperty("channel", out var shownIn) && String(shownIn, "id") is { } listedIn ? new ChannelId(listedIn) : null,
                            String(payload, "response_url"), String(payload, "trigger_id") ?? "")
                        : new Malformed(noUser);
                }

                if (ButtonOf(String(action, "action_id")) is not { } button || ReadIds(String(action, "value")) is not { } ids)
                    return new Other(type);
                if (user is not { } clicker)
                    return new Malformed(noUser);
                ChannelId? channel = payload.TryGetProperty("channel", out var c) && String(c, "id") is { } channelId ? new ChannelId(channelId) : null;
                return new DeadlineClicked(button, ids.Crisis, ids.Deadline, clicker, channel, String(payload, "response_url"), String(payload, "trigger_id") ?? "");

            case "view_submission" when payload.TryGetProperty("view", out var view):
                var callbackId = String(view, "callback_id");
                if (callbackId is not (Features.OpenCrisis.OpenCrisisModal.CallbackId or ExtendCallbackId or Features.Updates.WriteUpdateModal.CallbackId or Features.Triage.ImpactModal.CallbackId
                    or Features.Lifecycle.SatisfactionModal.CallbackId))
                    return new Other(type);
                if (user is not { } submitter)
                    return new Malformed(noUser);
                if (StateValues(view) is not { } values)
                    return new Malformed("The submitted view has no state.values in Slack's shape (block_id → action_id → element state).");
                if (view.TryGetProperty("private_metadata", out var metadata) && metadata.ValueKind != JsonValueKind.String)
                    return new Malformed("The submitted view's private_metadata is not a string.");
                switch (callbackId)
                {
                    case Features.OpenCrisis.OpenCrisisModal.CallbackId:
                        return new OpenCrisisSubmitted(view, submitter);
                    case ExtendCallbackId when ReadIds(String(view, "private_metadata")) is { } target:
                        return new ExtendSubmitted(target.Crisis, target.Deadline, submitter,
                            InputText(values, Features.Diagnosis.ExtendDeadlineModal.WhenBlock),
                            InputText(values, Features.Diagnosis.ExtendDeadlineModal.ReasonBlock));
                    case Features.Updates.WriteUpdateModal.CallbackId when Features.Updates.WriteUpdateModal.ReadCrisis(String(view, "private_metadata")) is { } crisis:
                        var (text, next, reason) = Features.Updates.WriteUpdateModal.Read(values);
                        return new UpdateSubmitted(crisis, submitter, text, next, reason);
                    case Features.Triage.ImpactModal.CallbackId when Features.Triage.ImpactModal.ReadCrisis(String(view, "private_metadata")) is { } assessed:
                        return new ImpactSubmitted(assessed, submitter, values);
                    case Features.Lifecycle.SatisfactionModal.CallbackId when Features.Lifecycle.LifecycleBlocks.ReadFollowUp(String(view, "private_metadata")) is { } closing:
                        return new SatisfactionSubmitted(closing.Crisis, closing.Resolution, submitter, values);
                }

                return new Other(type);

            default:
                return new Other(type);
        }
    }

    private static DeadlineButton? ButtonOf(string? actionId) => actionId switch
    {
        "deadline_confirmed" => DeadlineButton.Confirmed,
        "deadline_disproved" => DeadlineButton.Disproved,
        "deadline_extend" => DeadlineButton.Extend,
        _ => null,
    };

    private static (CrisisId Crisis, DeadlineId Deadline)? ReadIds(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var crisis)
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var deadline)
            || crisis <= 0 || deadline <= 0)
            return null;
        return (new CrisisId(crisis), new DeadlineId(deadline));
    }

    private static string InputText(JsonElement values, string block) =>
        values.TryGetProperty(block, out var b) && b.TryGetProperty(Features.Diagnosis.ExtendDeadlineModal.Value, out var v)
            && v.TryGetProperty("value", out var t) && t.ValueKind == JsonValueKind.String
            ? PeopleText.Clean(t.GetString() ?? "")
            : "";

    /// <summary>
    /// A submitted view's <c>state.values</c> if it has Slack's shape: block_id → action_id → the element's state, whose typed
    /// value is a string (or null when left empty) and whose chosen option is an object with a string value. Slack sends every
    /// input block this way, so the forms can read their fields without guarding against anything else.
    /// </summary>
    private static JsonElement? StateValues(JsonElement view)
    {
        if (!view.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.Object
            || !state.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
            return null;

        foreach (var block in values.EnumerateObject())
        {
            if (block.Value.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var element in block.Value.EnumerateObject())
            {
                if (element.Value.ValueKind != JsonValueKind.Object)
                    return null;
                foreach (var field in element.Value.EnumerateObject())
                {
                    var slackShaped = field.Name switch
                    {
                        "value" or "selected_user" or "selected_conversation" or "selected_channel" or "selected_date" or "selected_time"
                            => field.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null,
                        "selected_option" => field.Value.ValueKind == JsonValueKind.Null || String(field.Value, "value") is not null,
                        _ => true,
                    };
                    if (!slackShaped)
                        return null;
                }
            }
        }

        return values;
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
