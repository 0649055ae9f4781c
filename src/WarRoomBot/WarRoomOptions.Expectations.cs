using Microsoft.Extensions.Options;
using WarRoomBot.Crises;

namespace WarRoomBot;

public sealed partial class WarRoomOptions
{
    /// <summary>Playbook §11: the target and worst-case resolution time per severity, and when the target is at risk.</summary>
    public ExpectationOptions Expectations { get; set; } = new();

    /// <summary><c>WarRoom:Expectations:Sev1:Target</c>, <c>…:Sev1:Worst</c> and so on, and <c>WarRoom:Expectations:AtRiskFraction</c>.</summary>
    public sealed class ExpectationOptions
    {
        private static readonly ExpectationPolicy Default = ExpectationPolicy.Default;

        public ResolutionOptions Sev1 { get; set; } = new(Default.Sev1);

        public ResolutionOptions Sev2 { get; set; } = new(Default.Sev2);

        public ResolutionOptions Sev3 { get; set; } = new(Default.Sev3);

        public ResolutionOptions Sev4 { get; set; } = new(Default.Sev4);

        /// <summary>The share of the time from the report to the target after which the owner is prompted that it is at risk.</summary>
        public double AtRiskFraction { get; set; } = Default.AtRiskFraction;

        public ExpectationPolicy ToPolicy() => new(Sev1.ToTimes(), Sev2.ToTimes(), Sev3.ToTimes(), Sev4.ToTimes(), AtRiskFraction);

        public IEnumerable<(string Name, ResolutionOptions Times)> BySeverity() => [("Sev1", Sev1), ("Sev2", Sev2), ("Sev3", Sev3), ("Sev4", Sev4)];
    }

    /// <summary>How long from the report a severity's fix is targeted, and the latest it may come.</summary>
    public sealed class ResolutionOptions
    {
        public ResolutionOptions()
        {
        }

        public ResolutionOptions(ResolutionTimes times)
        {
            Target = times.Target;
            Worst = times.Worst;
        }

        public TimeSpan Target { get; set; }

        public TimeSpan Worst { get; set; }

        public ResolutionTimes ToTimes() => new(Target, Worst);
    }
}

/// <summary>Start-up checks of <c>WarRoom:Expectations</c>: a promise that cannot be kept stops the bot with the setting's name.</summary>
public static class ExpectationOptionsValidation
{
    public static OptionsBuilder<WarRoomOptions> ValidateExpectations(this OptionsBuilder<WarRoomOptions> options) => options
        .Validate(o => o.Expectations.BySeverity().All(s => s.Times.Target > TimeSpan.Zero && s.Times.Worst >= s.Times.Target),
            "WarRoom:Expectations:Sev1..Sev4: each Target must be positive and each Worst at least its Target (e.g. Sev1:Target 1.00:00:00, Sev1:Worst 2.00:00:00).")
        .Validate(o => o.Expectations.AtRiskFraction is > 0 and <= 1,
            "WarRoom:Expectations:AtRiskFraction must be more than 0 and at most 1 (e.g. 0.75: at risk once three quarters of the time to the target is used).");
}
