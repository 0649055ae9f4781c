using WarRoomBot.Crises;

namespace WarRoomBot.Slack;

public static partial class SlashCommandParser
{
    private static CrisisCommand ParseContext(string rest)
    {
        var text = PlainText(StripQuotes(rest.Trim()));
        if (text.Length == 0)
            return new CrisisCommand.Invalid("Say what brought it to the customer's attention and why it hurts them, in their words.", Usage.For("context"));
        return text.Length > ContextRules.MaxTextLength
            ? new CrisisCommand.Invalid(
                $"The customer's context is {text.Length} characters; keep it under {ContextRules.MaxTextLength} and put the detail in the technical channel.",
                Usage.For("context"))
            : new CrisisCommand.AddContext(text);
    }
}
