using System.ComponentModel.DataAnnotations;

namespace WarRoomBot.Slack;

/// <summary>The <c>Slack</c> configuration section.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>Bot token (xoxb-…) for the Web API.</summary>
    [Required(ErrorMessage = "Slack:BotToken is missing. Set it (environment variable Slack__BotToken) to the app's Bot User OAuth Token.")]
    public string BotToken { get; set; } = "";

    /// <summary>Signing secret every request over HTTP is verified with; not needed when everything arrives over Socket Mode.</summary>
    [RequiredWithoutAppToken(ErrorMessage = "Slack:SigningSecret is missing. Set it (environment variable Slack__SigningSecret) to the app's Signing Secret.")]
    public string SigningSecret { get; set; } = "";

    /// <summary>
    /// App-level token (xapp-…, scope connections:write). When set, Slack's commands, clicks and forms arrive over Socket
    /// Mode, through a connection the bot opens, and Slack needs no request URL.
    /// </summary>
    [RegularExpression(@"^xapp-\S+$",
        ErrorMessage = "Slack:AppToken must be an app-level token (xapp-…) with the connections:write scope, from the app's Basic Information page, App-Level Tokens.")]
    public string AppToken { get; set; } = "";

    public bool UsesSocketMode => !string.IsNullOrWhiteSpace(AppToken);

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

    /// <summary>Socket Mode messages come over a connection Slack authenticated; only requests over HTTP carry a signature.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class RequiredWithoutAppTokenAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
            validationContext.ObjectInstance is SlackOptions { UsesSocketMode: false } && string.IsNullOrWhiteSpace(value as string)
                ? new ValidationResult(ErrorMessage, validationContext.MemberName is { } member ? [member] : [])
                : ValidationResult.Success;
    }
}
