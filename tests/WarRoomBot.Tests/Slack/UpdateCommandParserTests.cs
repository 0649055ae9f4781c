using WarRoomBot.Slack;

namespace WarRoomBot.Tests.Slack;

/// <summary><c>update</c>, <c>update!</c> and <c>digest</c>, as typed after <c>/crisis</c> (issue 8, playbook §9).</summary>
public sealed class UpdateCommandParserTests
{
    private static TimeExpression Time(string typed) =>
        TimeExpression.Parse(typed).Expression ?? throw new ArgumentException($"{typed} is not a time", nameof(typed));

    private static string TimeProblem(string typed) =>
        TimeExpression.Parse(typed).Problem ?? throw new ArgumentException($"{typed} is a time", nameof(typed));

    // ---------------------------------------------------------------- update

    [Theory]
    [InlineData("update stores 1-50 are back next 19:00 because the rollout to the rest finishes then", "stores 1-50 are back", "19:00", "the rollout to the rest finishes then")]
    [InlineData("update stores are back next 19:00 because the rollout finishes next week", "stores are back", "19:00", "the rollout finishes next week")]
    [InlineData("update the next batch is out next 45m because the batch after it lands then", "the next batch is out", "45m", "the batch after it lands then")]
    [InlineData("update next steps agreed with Acme next 2h because their change window opens then", "next steps agreed with Acme", "2h", "their change window opens then")]
    [InlineData("update stores are back next 19:00 because the vendor calls back next friday 17:00", "stores are back", "19:00", "the vendor calls back next friday 17:00")]
    [InlineData("update stores are back next 19:00 because the fix holds because we rolled back", "stores are back", "19:00", "the fix holds because we rolled back")]
    [InlineData("update we said next 18:00 because of the test next 19:00 because the test moved", "we said next 18:00 because of the test", "19:00", "the test moved")]
    [InlineData("update stores are back because the rollout finishes then next 19:00", "stores are back", "19:00", "the rollout finishes then")]
    [InlineData("update because of the patch stores are back next 19:00 because the rollout ends", "because of the patch stores are back", "19:00", "the rollout ends")]
    [InlineData("update stores are back next tomorrow 09:00 because the vendor opens then", "stores are back", "tomorrow 09:00", "the vendor opens then")]
    [InlineData("update stores are back next 23:00 UTC because the vendor's window closes", "stores are back", "23:00 UTC", "the vendor's window closes")]
    [InlineData("update stores are back next in 90 minutes because the rollout ends", "stores are back", "in 90 minutes", "the rollout ends")]
    [InlineData("update stores are back, next 19:00, because the rollout ends", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update stores are back; next 19:00 — because the rollout ends", "stores are back", "19:00", "the rollout ends")]
    [InlineData("UPDATE Stores Are Back NEXT 19:00 BECAUSE Rollout Ends", "Stores Are Back", "19:00", "Rollout Ends")]
    [InlineData("Update stores are back Next 19:00 Because rollout ends", "stores are back", "19:00", "rollout ends")]
    [InlineData("update \"stores are back\" next 19:00 because \"the rollout ends\"", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update \u201Cstores are back\u201D next 19:00 because \u201Cthe rollout ends\u201D", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update \u2018stores are back\u2019 next 19:00 because the rollout ends", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update we\u2019re back at \u201Cnormal\u201D speed next 19:00 because it\u2019s the peak", "we\u2019re back at \u201Cnormal\u201D speed", "19:00", "it\u2019s the peak")]
    [InlineData("update  stores   are back\nnext\n19:00\nbecause  the\trollout ends  ", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update stores are ba\u200Bck ne\u200Bxt 19:00 be\u200Bcause the rollout ends", "stores are back", "19:00", "the rollout ends")]
    [InlineData("update 🔥 レジが復旧 next 19:00 because 展開が終わる", "🔥 レジが復旧", "19:00", "展開が終わる")]
    public void An_update_reads_the_text_the_next_time_and_the_reason(string text, string words, string next, string reason)
    {
        var command = SlashCommandParser.Parse(text);

        Assert.Equal(new CrisisCommand.Update(words, Time(next), reason, Anyway: false), command);
        Assert.Equal(next, ((CrisisCommand.Update)command).Next.Typed);
    }

    [Theory]
    [InlineData("update <@U123|bob> rolled back the stores next 19:00 because <@U456|carol> checks them then", "@bob rolled back the stores", "@carol checks them then")]
    [InlineData("update <@U123> is on the phone with Acme next 19:00 because the call ends", "@U123 is on the phone with Acme", "the call ends")]
    [InlineData("update <!channel> stores are back next 19:00 because <!here> the rollout ends", "@channel stores are back", "@here the rollout ends")]
    [InlineData("update see <#C0123|acme-business> next 19:00 because <https://status.example.com|the status page> updates then", "see #acme-business", "the status page updates then")]
    [InlineData("update AT&amp;T lines &lt; 5% loss next 19:00 because the carrier &gt; reports", "AT&T lines < 5% loss", "the carrier > reports")]
    public void Markup_and_entities_in_an_update_become_the_plain_text_people_saw(string text, string words, string reason)
    {
        var update = Assert.IsType<CrisisCommand.Update>(SlashCommandParser.Parse(text));

        Assert.Equal(words, update.Text);
        Assert.Equal(reason, update.Reason);
    }

    [Theory]
    [InlineData("update! we think stores are back next 19:00 because the rollout ends", "we think stores are back", true)]
    [InlineData("UPDATE! stores are back next 19:00 because the rollout ends", "stores are back", true)]
    [InlineData("Update! maybe back next 19:00 because the rollout ends", "maybe back", true)]
    [InlineData("update stores are back! next 19:00 because the rollout ends", "stores are back!", false)]
    [InlineData("update ! stores are back next 19:00 because the rollout ends", "! stores are back", false)]
    public void Update_with_an_exclamation_mark_posts_past_the_wording_check_on_purpose(string text, string words, bool anyway)
    {
        Assert.Equal(new CrisisCommand.Update(words, Time("19:00"), "the rollout ends", anyway), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("update")]
    [InlineData("UPDATE")]
    [InlineData("update   ")]
    [InlineData("update \u200B\u202E")]
    [InlineData("update!")]
    [InlineData("Update! \n")]
    public void Update_with_nothing_after_it_opens_the_form(string text)
    {
        Assert.Equal(new CrisisCommand.UpdateModal(), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("update stores are back", "Say when the next update comes and why then: end with `next <time> because <why>`, e.g. `/crisis update ")]
    [InlineData("update stores are back because the rollout ends", "end with `next <time> because <why>`")]
    [InlineData("update! stores are back by 19:00 because the rollout ends", "end with `next <time> because <why>`")]
    [InlineData("update stores are back next 19:00", "Say why the next update comes then: add `because <why>` after the time, e.g. `next 19:00 because ")]
    [InlineData("update stores are back next 19:00 since the rollout ends then", "Say why the next update comes then: add `because <why>` after the time")]
    [InlineData("update stores are back next tomorrow 09:00 UTC, when the vendor opens", "Say why the next update comes then: add `because <why>` after the time")]
    [InlineData("update stores are back next in 1 hour and 30 minutes for the rollout", "Say why the next update comes then: add `because <why>` after the time")]
    [InlineData("update stores are back because next 19:00", "add `because <why>` after the time")]
    [InlineData("update stores are back next 19:00 because", "The reason after `because` is empty")]
    [InlineData("update stores are back next 19:00 because   \u200B ", "The reason after `because` is empty")]
    [InlineData("update stores are back next 19:00 because \"\"", "The reason after `because` is empty")]
    [InlineData("update next 19:00 because the rollout ends", "The update is missing: write what the business channel should hear before `next`, e.g. `/crisis update ")]
    [InlineData("update! next 19:00 because the rollout ends", "The update is missing")]
    [InlineData("update \u201C\u201D next 19:00 because the rollout ends", "The update is missing")]
    [InlineData("update , next 19:00 because the rollout ends", "The update is missing")]
    [InlineData("update stores are back next", "No time was given")]
    [InlineData("update stores are back next because the rollout ends", "No time was given")]
    public void An_update_that_cannot_be_posted_says_what_is_missing_with_an_example(string text, string problem)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Contains(problem, invalid.Problem);
        Assert.Equal(Usage.For("update"), invalid.Usage);
    }

    [Theory]
    [InlineData("update stores are back next soonish because the rollout ends", "soonish")]
    [InlineData("update stores are back next 25:00 because the rollout ends", "25:00")]
    [InlineData("update stores are back next 1.5h because the rollout ends", "1.5h")]
    [InlineData("update stores are back next 19:00 EST because the rollout ends", "19:00 EST")]
    [InlineData("update the next batch is out because the rollout ends", "batch is out")]
    public void An_update_whose_next_time_cannot_be_read_gets_the_time_parsers_problem(string text, string typedTime)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(TimeProblem(typedTime), invalid.Problem);
        Assert.Equal(Usage.For("update"), invalid.Usage);
    }

    [Fact]
    public void An_unreadable_time_with_no_reason_after_it_also_says_how_an_update_ends()
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("update stores are back next soonish"));

        Assert.Equal(
            TimeProblem("soonish") + " An update ends with `next <time> because <why>`, e.g. `next 19:00 because the rollout to the rest finishes then`.",
            invalid.Problem);
    }

    [Fact]
    public void A_refused_update_neither_pings_nor_breaks_out_of_its_code_span()
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse("update <!channel> is back next <!here> because `x`"));

        Assert.DoesNotContain("<!here>", invalid.Problem);
        Assert.Contains("&lt;!here&gt;", invalid.Problem);
    }

    // ---------------------------------------------------------------- digest

    [Theory]
    [InlineData("digest")]
    [InlineData("DIGEST")]
    [InlineData("Digest   ")]
    [InlineData("digest \u200B")]
    public void Digest_posts_the_digest_now(string text)
    {
        Assert.Equal(new CrisisCommand.Digest(), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("digest now", "`now`")]
    [InlineData("digest 42", "`42`")]
    [InlineData("digest stores are back next 19:00 because rollout", "`stores are back next 19:00 because rollo…`")]
    [InlineData("digest <!channel>", "`&lt;!channel&gt;`")]
    public void Digest_with_anything_after_it_is_refused_and_points_at_update(string text, string echoed)
    {
        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(text));

        Assert.Equal(
            $"`digest` takes nothing after it ({echoed} was added); it posts the digest now. "
            + "To post your own words, use `/crisis update <text> next <time> because <why>`.",
            invalid.Problem);
        Assert.Equal("`/crisis digest`", invalid.Usage);
    }

    // ---------------------------------------------------------------- help

    [Fact]
    public void Help_for_update_explains_the_footer_the_limit_the_wording_check_and_the_form()
    {
        var help = Usage.Help("update");

        Assert.Contains("*Usage:* `/crisis update <text> next <time> because <why>`", help);
        Assert.Contains("when the next update comes and why then", help);
        Assert.Contains("at most four cadences or a day out", help);
        Assert.Contains("\"maybe\"", help);
        Assert.Contains("\"user error\"", help);
        Assert.Contains("`/crisis update! …` posts it anyway", help);
        Assert.Contains("Only the owner or the sponsor posts in their own words", help);
        Assert.Contains("`/crisis update` alone opens a form", help);
    }

    [Fact]
    public void Help_for_digest_and_status_says_the_digest_restarts_the_cadence_and_status_shows_it_privately()
    {
        Assert.Contains("restarts the update cadence from now. Anyone in the crisis can run it.", Usage.Help("digest"));
        Assert.Contains("the business digest, then the technical detail", Usage.Help("status"));
        Assert.Contains("Only you see it.", Usage.Help("status"));
    }

    [Theory]
    [InlineData("help update!")]
    [InlineData("HELP Update!")]
    public void Help_for_update_with_its_mark_explains_update(string text)
    {
        Assert.Equal(new CrisisCommand.Help("update"), SlashCommandParser.Parse(text));
    }

    [Theory]
    [InlineData("upadte", "update")]
    [InlineData("udpate", "update")]
    [InlineData("digets", "digest")]
    public void A_mistyped_update_or_digest_is_suggested_as_a_built_verb(string typed, string meant)
    {
        Assert.Equal(meant, Usage.Suggest(typed));

        var invalid = Assert.IsType<CrisisCommand.Invalid>(SlashCommandParser.Parse(typed + " stores are back"));
        Assert.StartsWith($"`{typed}` is not a /crisis command. Did you mean `{meant}`?\nYou typed", invalid.Problem);
        Assert.Equal(Usage.Brief(meant), invalid.Usage);
    }
}
