using Microsoft.Extensions.Options;
using WarRoomBot.Crises;

namespace WarRoomBot;

public sealed partial class WarRoomOptions
{
    /// <summary>Playbook §1: how much each part of the impact weighs in the priority score, and the scores that suggest each severity.</summary>
    public PriorityOptions Priority { get; set; } = new();

    /// <summary>The weights of <see cref="Crises.Priority.Of"/>; README "Priority score" gives the formula.</summary>
    public sealed class PriorityOptions
    {
        private static readonly PriorityPolicy Default = PriorityPolicy.Default;

        /// <summary>One point for this many users affected…</summary>
        public decimal UsersPerPoint { get; set; } = Default.Users.Per;

        /// <summary>…and at most this many points for users.</summary>
        public int UsersMax { get; set; } = Default.Users.Max;

        /// <summary>Sites without the customer's total: one point for this many sites.</summary>
        public decimal SitesPerPoint { get; set; } = Default.Sites.Per;

        /// <summary>At most this many points for sites; every one of the customer's sites affected gives all of them.</summary>
        public int SitesMax { get; set; } = Default.Sites.Max;

        /// <summary>One point for this much money lost per hour…</summary>
        public decimal LossPerPoint { get; set; } = Default.LossPerHour.Per;

        public int LossMax { get; set; } = Default.LossPerHour.Max;

        /// <summary>One point for this much of a deal at stake…</summary>
        public decimal DealPerPoint { get; set; } = Default.Deal.Per;

        public int DealMax { get; set; } = Default.Deal.Max;

        /// <summary>Points for a regional, national or global scope (local gives none).</summary>
        public int Regional { get; set; } = Default.Regional;

        public int National { get; set; } = Default.National;

        public int Global { get; set; } = Default.Global;

        /// <summary>Points for a strategic customer and for a public reference.</summary>
        public int Strategic { get; set; } = Default.Strategic;

        public int Reference { get; set; } = Default.Reference;

        /// <summary>The least score that suggests sev1, sev2 and sev3; anything lower suggests sev4.</summary>
        public int Sev1At { get; set; } = Default.Sev1At;

        public int Sev2At { get; set; } = Default.Sev2At;

        public int Sev3At { get; set; } = Default.Sev3At;

        public PriorityPolicy ToPolicy() => new(
            new Scale(UsersPerPoint, UsersMax), new Scale(SitesPerPoint, SitesMax), new Scale(LossPerPoint, LossMax), new Scale(DealPerPoint, DealMax),
            Regional, National, Global, Strategic, Reference, Sev1At, Sev2At, Sev3At);
    }
}

/// <summary>Start-up checks of <c>WarRoom:Priority</c>: a weight that cannot be computed stops the bot with the setting's name.</summary>
public static class PriorityOptionsValidation
{
    public static OptionsBuilder<WarRoomOptions> ValidatePriority(this OptionsBuilder<WarRoomOptions> options) => options
        .Validate(o => new[] { o.Priority.UsersPerPoint, o.Priority.SitesPerPoint, o.Priority.LossPerPoint, o.Priority.DealPerPoint }.All(p => p > 0),
            "WarRoom:Priority:UsersPerPoint, SitesPerPoint, LossPerPoint and DealPerPoint must each be positive (e.g. 100).")
        .Validate(o => new[]
            {
                o.Priority.UsersMax, o.Priority.SitesMax, o.Priority.LossMax, o.Priority.DealMax, o.Priority.Regional, o.Priority.National,
                o.Priority.Global, o.Priority.Strategic, o.Priority.Reference,
            }.All(p => p >= 0),
            "WarRoom:Priority:UsersMax, SitesMax, LossMax, DealMax, Regional, National, Global, Strategic and Reference must not be negative (e.g. 20).")

        // Thresholds out of order would suggest sev1 for less pain than sev2.
        .Validate(o => o.Priority.Sev1At > o.Priority.Sev2At && o.Priority.Sev2At > o.Priority.Sev3At && o.Priority.Sev3At > 0,
            "WarRoom:Priority:Sev1At, Sev2At and Sev3At must be positive and each higher than the next (e.g. 60, 35, 15).");
}
