using WarRoomBot.Slack;

namespace WarRoomBot.Sandbox;

/// <summary>What the bot starts as: connected to a Slack workspace, or the local sandbox that plays one.</summary>
public enum StartupMode
{
    Slack,
    Sandbox,
}

/// <summary>The decision taken before anything starts; <see cref="Problems"/> non-empty means start-up stops, naming each.</summary>
public sealed record StartupChoice(StartupMode Mode, bool Fresh, IReadOnlyList<string> Problems)
{
    public const string SandboxFlag = "--sandbox";
    public const string FreshFlag = "--fresh";

    /// <summary>
    /// The sandbox when asked for, or when nothing says which Slack to use in Development (what <c>dotnet run</c> starts
    /// in), so the README's run command shows the bot working on any machine. Anywhere else missing settings stop
    /// start-up: a production deployment that lost its secrets must say so, never quietly become a sandbox.
    /// Settings given only in part (a token but no secret) mean a real workspace was meant, so they are named too.
    /// </summary>
    public static StartupChoice Decide(IConfiguration configuration, bool isDevelopment, IReadOnlyCollection<string> flags)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(flags);
        var fresh = flags.Contains(FreshFlag);
        var slack = configuration.GetSection(SlackOptions.Section);
        var unconfigured = string.IsNullOrWhiteSpace(slack[nameof(SlackOptions.BotToken)])
            && string.IsNullOrWhiteSpace(slack[nameof(SlackOptions.SigningSecret)]);
        if (flags.Contains(SandboxFlag) || (isDevelopment && unconfigured))
            return new StartupChoice(StartupMode.Sandbox, fresh, []);

        // Starting empty means deleting the record; with a real workspace that record is the crises of real customers.
        if (fresh && !unconfigured)
        {
            return new StartupChoice(StartupMode.Slack, fresh,
                [$"{FreshFlag} starts the sandbox empty and is refused with a Slack workspace, where it would throw away the crisis record. Remove it, or add {SandboxFlag}."]);
        }

        var problems = SlackOptions.Problems(configuration);
        if (problems.Count > 0 && unconfigured)
        {
            // Nothing at all was set: the way to see the bot without Slack is worth one more sentence.
            problems = [.. problems, $"To try the bot without Slack, run it with {SandboxFlag} (or in Development, where it is the default)."];
        }

        return new StartupChoice(StartupMode.Slack, fresh, problems);
    }

    /// <summary>
    /// Takes the sandbox's flags out of the command line: the configuration reads <c>--name value</c> pairs, so a bare
    /// flag left in would swallow the argument after it, or stop start-up when it comes last.
    /// </summary>
    public static (IReadOnlyCollection<string> Flags, string[] Others) SplitFlags(IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var arg in args)
        {
            if (arg is SandboxFlag or FreshFlag)
                flags.Add(arg);
            else
                rest.Add(arg);
        }

        return (flags, [.. rest]);
    }
}
