namespace WarRoomBot.Slack;

/// <summary>Ownership (playbook §3): handing the crisis over, the owner's phone, and the executive sponsor.</summary>
public static partial class SlashCommandParser
{
    private const string PhoneKeyword = "phone";

    /// <summary>
    /// <c>owner @user [phone &lt;number&gt;] because &lt;reason&gt;</c>: the reason runs from the first <c>because</c> to the end, so
    /// a reason may give a reason of its own.
    /// </summary>
    private static CrisisCommand ParseHandOver(string rest)
    {
        var usage = Usage.For("owner");
        var who = FirstToken(rest);
        if (Person(who, "the new owner", usage) is { } problem)
            return problem;
        var to = new Crises.UserId(UserMention().Match(who).Groups["id"].Value);

        var after = rest[who.Length..].Trim();
        string? reason = null;
        if (KeywordPositions(after, "because") is [var because, ..])
        {
            var said = PlainText(StripQuotes(after[(because + "because".Length)..].Trim()));
            reason = said.Length == 0 ? null : said;
            after = TrimPause(after[..because]);
        }

        string? phone = null;
        if (after.Length > 0)
        {
            if (KeywordPositions(after, PhoneKeyword) is not [0, ..])
            {
                return new CrisisCommand.Invalid(
                    $"After the new owner say `phone <number>` or `because <reason>`; {Usage.Echo(after)} is neither.", usage);
            }

            phone = PlainText(after[PhoneKeyword.Length..]);
            if (phone.Length == 0)
                return new CrisisCommand.Invalid("`phone` needs the number after it, e.g. `phone +1 555 0100`.", usage);
        }

        return new CrisisCommand.HandOver(to, phone, reason);
    }

    private static CrisisCommand ParseSponsor(string rest)
    {
        var usage = Usage.For("sponsor");
        var who = FirstToken(rest);
        if (Person(who, "the sponsor", usage) is { } problem)
            return problem;
        return rest.Length > who.Length
            ? new CrisisCommand.Invalid($"Name one sponsor and nothing else; {Usage.Echo(rest[who.Length..].Trim())} is extra.", usage)
            : new CrisisCommand.Sponsor(new Crises.UserId(UserMention().Match(who).Groups["id"].Value));
    }

    /// <summary>Null when <paramref name="typed"/> is a Slack mention; otherwise what to do instead.</summary>
    private static CrisisCommand.Invalid? Person(string typed, string role, string usage)
    {
        if (UserMention().IsMatch(typed))
            return null;
        if (typed.Length == 0)
            return new CrisisCommand.Invalid($"Name {role}: type @ and pick them from Slack's list.", usage);
        return new CrisisCommand.Invalid(
            typed.StartsWith('@')
                ? $"{Usage.Echo(typed)} is plain text, not a Slack user. Type @ and pick {role} from Slack's autocomplete so the name becomes a mention."
                : $"{Usage.Echo(typed)} is not a person: name {role} with a Slack mention (type @ and pick them).",
            usage);
    }
}
