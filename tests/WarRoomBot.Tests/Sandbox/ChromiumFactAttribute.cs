namespace WarRoomBot.Tests.Sandbox;

/// <summary>
/// A fact that drives a real browser: Debian's Chromium, since Playwright's own browser download is not available
/// everywhere. Where Chromium is absent the test is skipped and says how to install it; CI's <c>.ci/run</c> installs it.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary><c>CHROMIUM_PATH</c> names another Chromium or Chrome binary.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
            Skip = $"needs Chromium at {Executable}: `sudo apt-get install chromium` (Debian), or set CHROMIUM_PATH; CI installs it";
    }
}
