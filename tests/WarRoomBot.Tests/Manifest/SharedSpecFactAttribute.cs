namespace WarRoomBot.Tests.Manifest;

/// <summary>
/// A fact that needs a file from <c>../shared/slack</c> (Slack's own specs, kept beside the repository).
/// Where that folder is absent the test is skipped and says which file it needs, instead of failing.
/// </summary>
public sealed class SharedSpecFactAttribute : FactAttribute
{
    public const string SchemaFile = "manifest.schema.json";

    public SharedSpecFactAttribute(params string[] files)
    {
        string[] needed = [SchemaFile, .. files];
        var missing = needed.FirstOrDefault(f => !Exists(f));
        if (missing is not null)
            Skip = $"needs ../shared/slack/{missing} (present in CI)";
    }

    private static bool Exists(string file)
    {
        try
        {
            return File.Exists(RepoPaths.InSharedSlack(file));
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
