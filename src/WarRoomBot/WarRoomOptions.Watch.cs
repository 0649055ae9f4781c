using Microsoft.Extensions.Options;
using WarRoomBot.Crises;
using WarRoomBot.Features.Watch;

namespace WarRoomBot;

public sealed partial class WarRoomOptions
{
    /// <summary>Issue 15, the watch list: which customers it flags, and how support cases reach the bot.</summary>
    public WatchOptions Watch { get; set; } = new();

    public sealed partial class WatchOptions
    {
        private static readonly WatchThresholds Default = WatchThresholds.Default;

        /// <summary>A customer with at least this many cases opened within <see cref="Window"/> is at risk…</summary>
        public int CasesInWindow { get; set; } = Default.CasesInWindow;

        public TimeSpan Window { get; set; } = Default.Window;

        /// <summary>
        /// …and so is one with at least <see cref="LongOpenCases"/> cases of this priority or more urgent still open after
        /// <see cref="LongOpenAfter"/>. Written as the support desk writes it: 1 to 4 or P1 to P4, 1 the most urgent.
        /// </summary>
        public string HighPriority { get; set; } = $"P{(int)Default.HighPriority}";

        public TimeSpan LongOpenAfter { get; set; } = Default.LongOpenAfter;

        public int LongOpenCases { get; set; } = Default.LongOpenCases;

        /// <summary>
        /// The token a request to <c>POST /support/cases</c> must carry (<c>Authorization: Bearer …</c>). None by default, and
        /// then the endpoint is off (404): whoever can post cases decides whom the bot calls at risk.
        /// </summary>
        public string? CasesToken { get; set; }

        /// <summary>The largest request body <c>POST /support/cases</c> reads, in bytes; a larger one is refused with 413.</summary>
        public int CasesMaxBytes { get; set; } = 1024 * 1024;

        /// <summary>The most cases one request may carry; more are refused with 413, so one batch never holds the store long.</summary>
        public int CasesMaxCount { get; set; } = 5000;

        /// <summary>The thresholds as the watch list reads them; <see cref="HighPriority"/> is valid once the options are.</summary>
        public WatchThresholds ToThresholds() => new(
            CasesInWindow, Window, SupportCaseInput.Priority(HighPriority) ?? Default.HighPriority, LongOpenAfter, LongOpenCases);
    }
}

/// <summary>Start-up checks of <c>WarRoom:Watch</c>'s thresholds and support case intake: each wrong setting stops the bot with its name.</summary>
public static class WatchOptionsValidation
{
    /// <summary>Kestrel's own limit on a request body: a larger setting could never be reached.</summary>
    private const int KestrelMaxBytes = 30_000_000;

    public static OptionsBuilder<WarRoomOptions> ValidateWatch(this OptionsBuilder<WarRoomOptions> options) => options
        .Validate(o => o.Watch.CasesInWindow >= 1, "WarRoom:Watch:CasesInWindow must be at least 1 (e.g. 5).")
        .Validate(o => o.Watch.Window >= TimeSpan.FromHours(1), "WarRoom:Watch:Window must be at least one hour (e.g. 14.00:00:00).")
        .Validate(o => SupportCaseInput.Priority(o.Watch.HighPriority) is not null,
            "WarRoom:Watch:HighPriority must be a case priority, 1 to 4 or P1 to P4 (e.g. P1): cases of it or more urgent count as long open.")
        .Validate(o => o.Watch.LongOpenAfter >= TimeSpan.FromMinutes(1), "WarRoom:Watch:LongOpenAfter must be at least one minute (e.g. 2.00:00:00).")
        .Validate(o => o.Watch.LongOpenCases >= 1, "WarRoom:Watch:LongOpenCases must be at least 1 (e.g. 1).")
        .Validate(o => o.Watch.CasesMaxBytes is >= 1024 and <= KestrelMaxBytes,
            $"WarRoom:Watch:CasesMaxBytes must be from 1024 to {KestrelMaxBytes} bytes (e.g. 1048576).")
        .Validate(o => o.Watch.CasesMaxCount >= 1, "WarRoom:Watch:CasesMaxCount must be at least 1 (e.g. 5000).");
}
