using WarRoomBot.Crises;

namespace WarRoomBot.Crises.Tests;

/// <summary>
/// Playbook §8: text bound for the business channel is checked for hedges and blame; the author sees each phrase, where
/// it is, and a firmer way to say it.
/// </summary>
public sealed class WordingSpecs
{
    private static WordingFinding Single(string text) => Assert.Single(Wording.Check(text));

    /// <summary>The words the finding points at, as written in <paramref name="text"/>.</summary>
    private static string At(string text, WordingFinding finding) => text.Substring(finding.Index, finding.Length);

    // ---- Found ----

    [Theory]
    [InlineData("I think", WordingProblem.Hedge, "Say what you know")]
    [InlineData("I believe", WordingProblem.Hedge, "Say what you know")]
    [InlineData("we think", WordingProblem.Hedge, "Say what you know")]
    [InlineData("maybe", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("perhaps", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("probably", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("possibly", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("most likely", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("hopefully", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("we hope", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("might", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("may be", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("should work", WordingProblem.Hedge, "Say what you have seen")]
    [InlineData("should be fixed", WordingProblem.Hedge, "Say what you have seen")]
    [InlineData("should be back", WordingProblem.Hedge, "Say what you have seen")]
    [InlineData("not sure", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("we'll try", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("we will try", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("try to", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("guess", WordingProblem.Hedge, "State the uncertainty with certainty")]
    [InlineData("fingers crossed", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("kind of", WordingProblem.Hedge, "Be exact")]
    [InlineData("sort of", WordingProblem.Hedge, "Be exact")]
    [InlineData("seems to", WordingProblem.Hedge, "Be exact")]
    [InlineData("if all goes well", WordingProblem.Hedge, "Commit to an action")]
    [InlineData("not our fault", WordingProblem.Blame, "Own it: \"It's our problem: we are <doing what>")]
    [InlineData("not our problem", WordingProblem.Blame, "Own it: \"It's our problem: we are <doing what>")]
    [InlineData("their vendor", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("your vendor", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("user error", WordingProblem.Blame, "Own it: \"It's our problem: we are making")]
    [InlineData("customer's network", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("their network", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("your network", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("on their side", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("on your end", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("a third party", WordingProblem.Blame, "Own it: \"It's our problem: we are working with <whom>")]
    [InlineData("PEBKAC", WordingProblem.Blame, "Own it: \"It's our problem: we are making")]
    public void Each_hedge_and_deflection_of_the_issue_is_found_with_a_firmer_alternative(string phrase, WordingProblem problem, string alternative)
    {
        var text = $"Checkout at the stores: {phrase} it is back by 19:00.";

        var found = Single(text);

        Assert.Equal(phrase, found.Phrase);
        Assert.Equal(problem, found.Problem);
        Assert.Equal(phrase, At(text, found));
        Assert.StartsWith(alternative, found.Alternative);
    }

    public static TheoryData<string> EveryPhrase => [.. Wording.Phrases.Select(p => p.Phrase)];

    [Theory]
    [MemberData(nameof(EveryPhrase))]
    public void Every_phrase_in_the_table_is_found_in_a_sentence_as_itself(string phrase)
    {
        var text = $"Update for Acme Retail. {phrase}. Next update at 19:00.";

        var found = Single(text);

        Assert.Equal(phrase, found.Phrase);
        Assert.Equal(phrase, At(text, found));
        Assert.False(string.IsNullOrWhiteSpace(found.Alternative));
    }

    [Theory]
    [InlineData("MAYBE the tills restart", "MAYBE", "maybe")]
    [InlineData("Maybe the tills restart", "Maybe", "maybe")]
    [InlineData("i THINK the tills restart", "i THINK", "I think")]
    [InlineData("It Should Work now", "Should Work", "should work")]
    [InlineData("This is Not Our Fault", "Not Our Fault", "not our fault")]
    [InlineData("blame the pebkac", "pebkac", "PEBKAC")]
    public void Case_does_not_hide_a_phrase(string text, string written, string phrase)
    {
        var found = Single(text);

        Assert.Equal(phrase, found.Phrase);
        Assert.Equal(written, At(text, found));
    }

    [Theory]
    [InlineData("We’ll try to restore checkout", "we'll try", "We’ll try")]
    [InlineData("We'll try to restore checkout", "we'll try", "We'll try")]
    [InlineData("It is the customer’s network.", "customer's network", "customer’s network")]
    [InlineData("It is the customerʼs network.", "customer's network", "customerʼs network")]
    [InlineData("That shouldn’t happen again.", "shouldn't happen", "shouldn’t happen")]
    [InlineData("The fix is “maybe” there", "maybe", "maybe")]
    [InlineData("The fix is \"maybe\" there", "maybe", "maybe")]
    [InlineData("The fix is 'maybe' there", "maybe", "maybe")]
    [InlineData("The fix is ‘maybe’ there", "maybe", "maybe")]
    [InlineData("The fix is there, maybe, by noon", "maybe", "maybe")]
    [InlineData("The fix is there (probably) by noon", "probably", "probably")]
    [InlineData("Is it fixed? Perhaps!", "perhaps", "Perhaps")]
    [InlineData("Fixed...hopefully.", "hopefully", "hopefully")]
    [InlineData("The fix is *probably* there", "probably", "probably")]
    [InlineData("fingers\ncrossed for the 19:00 rollout", "fingers crossed", "fingers\ncrossed")]
    [InlineData("fingers\r\ncrossed for the 19:00 rollout", "fingers crossed", "fingers\r\ncrossed")]
    [InlineData("We are not  sure yet", "not sure", "not  sure")]
    [InlineData("We are not\t \u00a0sure yet", "not sure", "not\t \u00a0sure")]
    [InlineData("We are fingers-crossed on it", "fingers crossed", "fingers-crossed")]
    [InlineData("The cause is a third-party library", "a third party", "a third-party")]
    [InlineData("It is their vendor’s bug", "their vendor", "their vendor’s")]
    [InlineData("Blame your network's setup", "your network", "your network's")]
    [InlineData("I'm guessing the cache", "guessing", "guessing")]
    [InlineData("Our best guess is the cache", "best guess", "best guess")]
    public void Apostrophes_quotes_punctuation_and_whitespace_do_not_hide_a_phrase(string text, string phrase, string written)
    {
        var found = Single(text);

        Assert.Equal(phrase, found.Phrase);
        Assert.Equal(written, At(text, found));
    }

    [Theory]
    [InlineData("We are not, sure it is probably the cache")]
    [InlineData("fingers. Crossed wires, probably")]
    [InlineData("We will, try that; probably")]
    [InlineData("fingers -- crossed, probably")]
    public void Punctuation_between_the_words_makes_them_two_thoughts(string text) =>
        Assert.Equal("probably", Single(text).Phrase);

    // ---- Not found ----

    [Theory]
    [InlineData("We confirmed the cause: the price cache stampedes after the nightly import. We will deploy the fix to all 300 stores by 19:00 UTC and tell you at 19:15 whether it holds.")]
    [InlineData("Our recommendation is to restart the tills at stores 100 to 140 now.")]
    [InlineData("We do not know yet why store 114 lost its connection; we will know by 19:00.")]
    [InlineData("It's our problem: we are working with the payment provider and report back at 18:30.")]
    [InlineData("Stock counts for Maybelline and the other cosmetics brands are correct again.")]
    [InlineData("Stores should restart their tills after 19:00; the registers must stay on until then.")]
    [InlineData("We showed what kind of tills are affected, and the sort of error they show.")]
    [InlineData("")]
    public void Firm_text_is_not_flagged(string text) =>
        Assert.Empty(Wording.Check(text));

    [Theory]
    [InlineData("The mighty checkout cluster is back.")]
    [InlineData("A shoulder-high stack of receipts.")]
    [InlineData("Maybelline stock counts are correct.")]
    [InlineData("The guesthouse in store 12 is open.")]
    [InlineData("The tryout of the new tills ended.")]
    [InlineData("Every entry to the ledger is correct.")]
    [InlineData("We are thinking about the rollout order.")]
    [InlineData("An impossibly fast recovery.")]
    [InlineData("The hopeful customers queued.")]
    [InlineData("We retry to the second region.")]
    [InlineData("Checkout seemed slower for a minute and is now normal.")]
    [InlineData("The payment vendor is fixed.")]
    [InlineData("Our network team confirmed it.")]
    [InlineData("It is on our side and we own it.")]
    [InlineData("The shouldering load balancer.")]
    [InlineData("The unsurely worded notice was withdrawn.")]
    [InlineData("Since May, besides the new tills.")]
    public void Words_that_merely_contain_a_phrase_are_not_flagged(string text) =>
        Assert.Empty(Wording.Check(text));

    // ---- Several ----

    [Fact]
    public void Every_phrase_is_found_in_the_order_written()
    {
        const string text = "I think the fix should work. Hopefully by 19:00; if not, it's not our fault but their vendor's.";

        var found = Wording.Check(text);

        Assert.Equal(["I think", "should work", "hopefully", "not our fault", "their vendor"], found.Select(f => f.Phrase));
        Assert.Equal(["I think", "should work", "Hopefully", "not our fault", "their vendor's"], found.Select(f => At(text, f)));
        Assert.Equal(
            [WordingProblem.Hedge, WordingProblem.Hedge, WordingProblem.Hedge, WordingProblem.Blame, WordingProblem.Blame],
            found.Select(f => f.Problem));
    }

    [Theory]
    [InlineData("It should be fixed now", "should be fixed")]
    [InlineData("Our best guess is the cache", "best guess")]
    [InlineData("with any luck by noon", "with any luck")]
    [InlineData("This is not our problem", "not our problem")]
    [InlineData("It was the customer's fault", "the customer's fault")]
    public void Overlapping_phrases_are_reported_once_as_the_longest(string text, string phrase) =>
        Assert.Equal(phrase, Single(text).Phrase);

    [Fact]
    public void The_same_phrase_twice_is_found_twice_at_each_place()
    {
        const string text = "Maybe the cache, maybe the network.";

        Assert.Equal([0, 17], Wording.Check(text).Select(f => f.Index));
    }

    [Fact]
    public void Kind_of_hedges_unless_it_names_a_kind()
    {
        const string text = "It is kind of slow, the same kind of slowness as in March.";

        Assert.Equal(6, Single(text).Index);
    }

    // ---- Positions ----

    [Theory]
    [InlineData("maybe", 0, 5)]
    [InlineData("  We will “probably” restore checkout", 11, 8)]
    [InlineData("Status:\n\nfingers \n crossed.", 9, 17)]
    [InlineData("😀 We’ll try by noon", 3, 9)]
    [InlineData("R&D <team> is not our problem", 14, 15)]
    [InlineData("It is on your\nend", 6, 11)]
    public void The_finding_points_at_the_words_as_written(string text, int index, int length)
    {
        var found = Single(text);

        Assert.Equal((index, length), (found.Index, found.Length));
    }

    [Fact]
    public void A_long_update_is_checked_word_by_word_with_every_finding_in_place()
    {
        var text = string.Concat(Enumerable.Repeat("The mighty tills at store 114 maybe restart; ", 90));

        var found = Wording.Check(text);

        Assert.Equal(90, found.Length);
        Assert.All(found, f => Assert.Equal("maybe", At(text, f)));
    }

    // ---- Explain ----

    [Fact]
    public void The_explanation_shows_the_phrase_the_words_around_it_in_bold_and_the_alternative()
    {
        const string text = "After the rollback at all 300 stores we will probably restore the checkout service by 19:00 tonight.";

        var explained = Wording.Explain(text, Wording.Check(text));

        Assert.Equal(
            "• “probably”: …all 300 stores we will *probably* restore the checkout… → "
            + "State the uncertainty with certainty: \"We do not know X yet; we will know by &lt;time&gt;.\"",
            explained);
    }

    [Fact]
    public void Short_text_is_shown_whole_without_ellipses_and_each_finding_has_its_line()
    {
        const string text = "Not sure.\nIt's user error.";

        var lines = Wording.Explain(text, Wording.Check(text)).Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("• “Not sure”: *Not sure*. It's user error. → State the uncertainty with certainty", lines[0]);
        Assert.StartsWith("• “user error”: Not sure. It's *user error*. → Own it: \"It's our problem: we are making &lt;step&gt; impossible", lines[1]);
    }

    [Fact]
    public void A_phrase_over_a_line_break_is_shown_on_one_line()
    {
        const string text = "We keep our\nfingers\n\ncrossed.";

        Assert.StartsWith("• “fingers crossed”: We keep our *fingers crossed*. → Commit to an action", Wording.Explain(text, Wording.Check(text)));
    }

    [Fact]
    public void The_explanation_escapes_the_authors_markup_so_it_cannot_mention_or_link()
    {
        const string text = "<!here> <@U0BOB> R&D: not our fault & <http://x.io|x>";

        var explained = Wording.Explain(text, Wording.Check(text));

        Assert.Equal(
            "• “not our fault”: &lt;!here&gt; &lt;@U0BOB&gt; R&amp;D: *not our fault* &amp; &lt;http://x.io|x&gt; → "
            + "Own it: \"It's our problem: we are &lt;doing what&gt; and will report by &lt;time&gt;.\"",
            explained);
    }

    [Fact]
    public void The_excerpt_is_cut_at_whole_words()
    {
        var text = "Supercalifragilisticexpialidocious " + "maybe" + " antidisestablishmentarianism";

        Assert.StartsWith("• “maybe”: …*maybe*… →", Wording.Explain(text, Wording.Check(text)));
    }

    [Fact]
    public void At_most_ten_findings_are_listed_then_how_many_more()
    {
        var text = string.Join(" and ", Enumerable.Repeat("maybe", 13));

        var lines = Wording.Explain(text, Wording.Check(text)).Split('\n');

        Assert.Equal(11, lines.Length);
        Assert.All(lines[..10], l => Assert.StartsWith("• “maybe”: ", l));
        Assert.Equal("…and 3 more.", lines[10]);
    }
}
