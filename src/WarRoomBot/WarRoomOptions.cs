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

    /// <summary>Severity when <c>/crisis open</c> names none.</summary>
    public Severity DefaultSeverity { get; set; } = Severity.Sev2;

    /// <summary>Playbook §9: how often the business channel is updated, by severity.</summary>
    public CadenceOptions Cadence { get; set; } = new();

    /// <summary>Playbook §6 and §11: when the owner is reminded of a deadline, and when an unanswered one is escalated.</summary>
    public DeadlineOptions Deadlines { get; set; } = new();

    /// <summary>Playbook §8 and §9: reminders before business updates and the limits on the owner's own timing.</summary>
    public UpdateOptions Updates { get; set; } = new();

    /// <summary>Everything the crisis clock needs, read once per decision so a configuration reload applies from then on.</summary>
    public ClockPolicy ToClockPolicy() => new(Deadlines.ToPolicy(), Updates.ToPolicy(Cadence.ToCadence())) { Owner = Owner.ToPolicy(), Expectations = Expectations.ToPolicy() };

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

        public UpdatePolicy ToPolicy(UpdateCadence cadence) => new(cadence, ReminderLead, OutcomeMargin, MaxCadences, MaxAhead);
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
