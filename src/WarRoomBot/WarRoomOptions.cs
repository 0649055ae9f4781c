using Microsoft.Extensions.Options;
using WarRoomBot.Crises;

namespace WarRoomBot;

/// <summary>The <c>WarRoom</c> configuration section: crisis policy.</summary>
public sealed partial class WarRoomOptions
{
    public const string Section = "WarRoom";

    /// <summary>Channel names start with this, e.g. <c>crisis-42-checkout-freezes</c>.</summary>
    public string ChannelPrefix { get; set; } = "crisis";

    /// <summary>Playbook §4: executives' briefings stay private unless the workspace prefers otherwise.</summary>
    public bool BusinessChannelPrivate { get; set; } = true;

    /// <summary>Slack user ids invited to every technical channel.</summary>
    public List<string> DefaultResponders { get; set; } = [];

    /// <summary>Slack user ids invited to every business channel.</summary>
    public List<string> DefaultExecutives { get; set; } = [];

    /// <summary>
    /// The channel id (e.g. <c>C0123HEAD</c>) where each crisis opened from now on has one post kept up to date, so
    /// leaders see every open crisis without joining each; none by default. The bot must be a member of it.
    /// </summary>
    public string? HeadlineChannel { get; set; }

    /// <summary>Severity when <c>/crisis open</c> names none.</summary>
    public Severity DefaultSeverity { get; set; } = Severity.Sev2;

    /// <summary>Playbook §9: how often the business channel is updated, by severity.</summary>
    public CadenceOptions Cadence { get; set; } = new();

    /// <summary>Playbook §6 and §11: when the owner is reminded of a deadline, and when an unanswered one is escalated.</summary>
    public DeadlineOptions Deadlines { get; set; } = new();

    /// <summary>Playbook §8 and §9: reminders before business updates and the limits on the owner's own timing.</summary>
    public UpdateOptions Updates { get; set; } = new();

    /// <summary>Everything the crisis clock needs, read once per decision so a configuration reload applies from then on.</summary>
    public ClockPolicy ToClockPolicy() => new(Deadlines.ToPolicy(), Updates.ToPolicy(Cadence.ToCadence())) { Owner = Owner.ToPolicy(), Lifecycle = FollowUp.ToPolicy(), Expectations = Expectations.ToPolicy() };

    /// <summary>Playbook §13: when the owner is asked whether the fix held, after the customer accepted it.</summary>
    public FollowUpOptions FollowUp { get; set; } = new();

    /// <summary>Both channels are archived when a crisis is closed after its follow-up; the record is kept either way.</summary>
    public bool ArchiveOnClose { get; set; } = true;

    public sealed class FollowUpOptions
    {
        public TimeSpan After { get; set; } = LifecyclePolicy.Default.FollowUpAfter;

        public LifecyclePolicy ToPolicy() => new(After);
    }

    /// <summary>Playbook §3: how long a new owner has to accept a handover before the sponsor is asked to step in.</summary>
    public OwnerOptions Owner { get; set; } = new();

    public sealed class OwnerOptions
    {
        public TimeSpan AcceptWithin { get; set; } = OwnerPolicy.Default.AcceptWithin;

        public OwnerPolicy ToPolicy() => new(AcceptWithin);
    }

    public sealed class UpdateOptions
    {
        /// <summary>How long before a business update is due the owner is reminded in the technical channel.</summary>
        public TimeSpan ReminderLead { get; set; } = UpdatePolicy.Default.ReminderLead;

        /// <summary>How long after a deadline's due time the update that reports its outcome is due.</summary>
        public TimeSpan OutcomeMargin { get; set; } = UpdatePolicy.Default.OutcomeMargin;

        /// <summary>The owner's <c>next</c> may be at most this many cadences away…</summary>
        public int MaxCadences { get; set; } = UpdatePolicy.Default.MaxCadences;

        /// <summary>…and at most this far ahead, whichever is sooner (never less than one cadence).</summary>
        public TimeSpan MaxAhead { get; set; } = UpdatePolicy.Default.MaxAhead;

        /// <summary>Playbook §13: how often a resolved crisis's business channel hears from us until the customer accepts the fix.</summary>
        public TimeSpan WhileResolved { get; set; } = UpdatePolicy.Default.WhileResolved;

        /// <summary>
        /// Issue 15: how often a mitigated crisis's business channel hears from us, by severity; a severity left out is
        /// updated at the next severity's cadence.
        /// </summary>
        public MitigatedCadenceOptions WhileMitigated { get; set; } = new();

        public UpdatePolicy ToPolicy(UpdateCadence cadence) => new(cadence, ReminderLead, OutcomeMargin, MaxCadences, MaxAhead)
        {
            WhileResolved = WhileResolved,
            WhileMitigated = new(WhileMitigated.Sev1 ?? cadence.Sev2, WhileMitigated.Sev2 ?? cadence.Sev3, WhileMitigated.Sev3 ?? cadence.Sev4, WhileMitigated.Sev4 ?? cadence.Sev4),
        };
    }

    public sealed class MitigatedCadenceOptions
    {
        public TimeSpan? Sev1 { get; set; }

        public TimeSpan? Sev2 { get; set; }

        public TimeSpan? Sev3 { get; set; }

        public TimeSpan? Sev4 { get; set; }
    }

    public sealed class DeadlineOptions
    {
        /// <summary>How long before a deadline the technical channel reminds the owner.</summary>
        public TimeSpan ReminderLead { get; set; } = DeadlinePolicy.Default.ReminderLead;

        /// <summary>How long after a deadline falls due, with no outcome, it is escalated as missed.</summary>
        public TimeSpan EscalateAfter { get; set; } = DeadlinePolicy.Default.EscalateAfter;

        public DeadlinePolicy ToPolicy() => new(ReminderLead, EscalateAfter);
    }

    public sealed class CadenceOptions
    {
        public TimeSpan Sev1 { get; set; } = UpdateCadence.Default.Sev1;
        public TimeSpan Sev2 { get; set; } = UpdateCadence.Default.Sev2;
        public TimeSpan Sev3 { get; set; } = UpdateCadence.Default.Sev3;
        public TimeSpan Sev4 { get; set; } = UpdateCadence.Default.Sev4;

        public UpdateCadence ToCadence() => new(Sev1, Sev2, Sev3, Sev4);
    }
}

/// <summary>Start-up check of <c>WarRoom:HeadlineChannel</c>: a channel's name instead of its id stops the bot with the setting's name.</summary>
public static class HeadlineOptionsValidation
{
    // Slack takes a name when posting but not when the publisher reads its earlier posts back after a crash, so a name
    // would break exactly-once only on the day it matters.
    public static OptionsBuilder<WarRoomOptions> ValidateHeadline(this OptionsBuilder<WarRoomOptions> options) => options
        .Validate(o => string.IsNullOrEmpty(o.HeadlineChannel) || IsChannelId(o.HeadlineChannel),
            "WarRoom:HeadlineChannel must be a channel id (e.g. C0123HEAD, from the channel's details in Slack), not a name; leave it empty for no headline channel.");

    internal static bool IsChannelId(string value) =>
        value.Length is >= 3 and <= 20 && value[0] is 'C' or 'G' && !value.AsSpan(1).ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
}
