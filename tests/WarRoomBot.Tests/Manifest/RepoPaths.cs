namespace WarRoomBot.Tests.Manifest;

/// <summary>Where the repository and the shared Slack specs beside it are, seen from the test output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding WarRoomBot.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary><c>../shared/slack</c> next to the repository; CI clones it there, a developer may not have it.</summary>
    public static string SharedSlack => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "slack"));

    public static string InSharedSlack(string relativePath) => Path.Combine(SharedSlack, relativePath);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WarRoomBot.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"No WarRoomBot.sln above {AppContext.BaseDirectory}.");
    }
}
