using System.ComponentModel.DataAnnotations;

namespace WarRoomBot.Slack;

/// <summary>The <c>Slack</c> configuration section.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>Bot token (xoxb-…) for the Web API.</summary>
    [Required(ErrorMessage = "Slack:BotToken is missing. Set it (environment variable Slack__BotToken) to the app's Bot User OAuth Token.")]
    public string BotToken { get; set; } = "";

    /// <summary>Signing secret every inbound request is verified with.</summary>
    [Required(ErrorMessage = "Slack:SigningSecret is missing. Set it (environment variable Slack__SigningSecret) to the app's Signing Secret.")]
    public string SigningSecret { get; set; } = "";

    /// <summary>Where the Web API lives; tests and the local sandbox point it at the emulator.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>What a person must fix before the bot can start, each naming its setting; empty when nothing is missing.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SlackOptions>() ?? new SlackOptions();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Join(", ", r.MemberNames))];
    }
}
