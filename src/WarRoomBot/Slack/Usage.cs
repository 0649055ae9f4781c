using System.Globalization;
using System.Text;

namespace WarRoomBot.Slack;

/// <summary>
/// The <c>/crisis</c> help text: the whole command grammar. <see cref="Verbs"/> is the one table; a new verb is a row
/// here (and its arguments taught to <see cref="SlashCommandParser"/>).
/// </summary>
public static class Usage
{
    /// <summary>One verb of the grammar. <paramref name="Syntax"/> starts with the verb itself.</summary>
    public sealed record Verb(string Name, string Area, string Syntax, string Summary, string Example, string? Details = null);

    public static IReadOnlyList<Verb> Verbs { get; } =
    [
        new("open", "Open and triage", "open <title> [sev1..sev4] [customer: <name>] [owner: @user]",
            "open a crisis with a technical and a business channel and one accountable owner. No title opens a form.",
            "open Checkout freezes at 300 stores sev1 customer: Acme Retail owner: @alice",
            Details: "The title says what the customer is suffering. Severity runs from *sev1* (worst) to *sev4*. "
                + "Without `owner:` the crisis is yours until you hand it over; pick the owner from Slack's @ autocomplete."),
        new("severity", "Open and triage", "severity sev1..sev4 because <reason>",
            "change the severity, with the reason on record.", "severity sev1 because all 300 stores are now affected",
            Details: "Only the owner or the sponsor changes the severity. The reason may be left out only when the new severity is the one the recorded impact suggests; "
                + "going against the suggestion, or with no impact recorded, needs `because <reason>`. The same severity is refused as no change. "
                + "The change is announced in both channels, and business updates follow the new severity's cadence from then on, never later than already promised. "
                + "The reason is read in the business channel, so its words are checked like a business update's; `/crisis severity! …` sets it anyway, on purpose, and the record keeps that choice."),
        new("impact", "Open and triage", "impact [users <n>] [sites <n> [of <total>]] [loss <amount>/h] [deal <amount>] [scope local|regional|national|global] [strategic] [reference]",
            "record the business impact as numbers; the bot scores it and suggests a severity. No arguments opens a form.",
            "impact users 1200 sites 300 of 410 loss 25000/h deal 2000000 scope global strategic reference",
            Details: "Each part is optional and may come in any order; a later `impact` corrects the parts it gives and keeps the rest. Amounts are dollars: "
                + "`25000`, `25,000`, `$25k`, `2.5m`. The reply gives the priority score with its breakdown and the suggested severity; the digest shows the impact "
                + "in words and `status` the score. Anyone in the crisis's channels can record it."),
        new("owner", "People", "owner @user [phone <number>] because <reason>",
            "hand the crisis over to one accountable owner; the handover is recorded.",
            "owner @bob phone +1 555 0100 because Alice is off shift",
            Details: "Recorded with from whom, to whom, when and why, and announced in both channels; the topics and pinned kickoffs show the new owner. "
                + "The new owner confirms with the *I own this* button; if they have not within the time set (15 minutes by default), the bot "
                + "escalates to the sponsor in the business channel, or to whoever opened the crisis when there is no sponsor. Without `phone` the number "
                + "comes from the new owner's Slack profile: the customer must be able to call them. `/crisis owner @current-owner phone <number>` "
                + "only records the owner's number. The owner, the sponsor or whoever opened the crisis can hand it over."),
        new("sponsor", "People", "sponsor @user",
            "name the executive sponsor, who backs the owner and is who the bot escalates to.", "sponsor @carol",
            Details: "The sponsor is invited to the business channel, named in the digests and `/crisis status`, and asked to step in when a new "
                + "owner does not accept a handover or a deadline is missed. The owner or whoever opened the crisis names the sponsor."),
        new("theory", "Diagnosis", "theory [anyway] <statement> prove <plan> by <time>",
            "write down a working theory, how to prove it, and a deadline for the proof.",
            "theory the payment cache is stale prove flush one store's cache by 45m",
            Details: "Records theory T1 and deadline D1 for its plan, posted in the technical channel. The owner is reminded before it falls due, "
                + "then asked for the outcome: confirmed, disproved or extended with a reason. Times: `45m`, `2h`, `1h30m`, `90 minutes`, `18:30`, "
                + "`tomorrow 09:00`, `friday 17:00`, read in your own time zone unless you name one (`23:00 UTC`, `18:30 UTC+2`, "
                + $"`18:30 Europe/Paris`); at most {Blocks.Mrkdwn.Duration(Crises.DiagnosisRules.MaxAhead)} out. "
                + "`theory anyway …` records a theory the bot would otherwise refuse as a likely duplicate of one typed a moment ago."),
        new("deadline", "Diagnosis", "deadline [anyway] <next step> by <time> [for T1]",
            "set a written, irrevocable deadline for the next diagnostic step.", "deadline collect POS logs from store 12 by 18:30 for T1",
            Details: "`for T1` ties the step to a theory; without it the deadline stands on its own. Nothing about a deadline is edited or deleted. "
                + "`deadline anyway …` records a deadline the bot would otherwise refuse as a likely duplicate of one typed a moment ago."),
        new("confirmed", "Diagnosis", "confirmed D1 [note]",
            "record that a deadline's step confirmed its theory.", "confirmed D1 cache flush fixed store 12",
            Details: "Only a theory's plan (its D from `theory … prove …`, or the deadline that extends it) settles the theory: confirmed, it becomes the working explanation. "
                + "A side step `for T1` is evidence; its outcome leaves T1 as it was. The person who set the deadline or the owner records it. "
                + "Each deadline gets one outcome, ever; the due post's buttons do the same."),
        new("disproved", "Diagnosis", "disproved D1 [note]",
            "record that a deadline's step disproved its theory.", "disproved D1 freeze came back after the flush",
            Details: "When the theory's plan is disproved the theory stays on the record as disproved, so nobody chases it again; a side step disproved leaves its theory open. "
                + "The person who set the deadline or the owner records it."),
        new("extend", "Diagnosis", "extend D1 to <time> because <reason>",
            "set a new deadline; the old one stays on record as missed.", "extend D1 to 19:30 because the logs are still uploading",
            Details: "D1 is recorded as extended, which counts as missed, and D2 is set with your reason. An extension without a reason is refused."),
        new("withdraw", "Diagnosis", "withdraw T1|D1 because <reason>",
            "withdraw a theory or deadline recorded by mistake; it stays on the record as withdrawn.",
            "withdraw T4 because duplicate of T3",
            Details: "It stays on the record as withdrawn, with your reason, and counts as neither kept nor missed; its reminders, due post and escalation stop, "
                + "and withdrawing a theory withdraws its open deadlines. Allowed to whoever recorded it or the owner, within 10 minutes of recording, "
                + "or later only as a duplicate of an earlier open entry that says much the same and that the reason names (`because duplicate of T3`). After that only an outcome applies. "
                + "A theory's plan deadline is withdrawn with its theory, not on its own."),
        new("fact", "Facts and questions", "fact <statement> source <how we know>",
            "record a fact and how we know it.", "fact only stores on firmware 4.2 freeze source POS inventory export",
            Details: "Records F1, F2… on the crisis record; the business digest lists the facts with their sources under what we know. "
                + "A fact without a source is refused: everyone should know the facts and how we got them. `source` binds to its last "
                + "occurrence, so \"the source of the freeze\" stays in the fact. Anyone in the crisis's channels can record one."),
        new("question", "Facts and questions", "question <text>",
            "track an open question until someone answers it.", "question did the freezes start before Tuesday's release?",
            Details: "Opens Q1, Q2…; open questions show in `/crisis status` until answered with `/crisis answer Q1 <answer> source <how we know>`. "
                + "Anyone in the crisis's channels can ask one."),
        new("answer", "Facts and questions", "answer Q1 <answer> source <how we know>",
            "answer an open question, with the source.", "answer Q1 no, the first freeze was Monday source store 12 incident log",
            Details: "Closes the question; the answer and its source join what we know in the business digest. An answer without a source is "
                + "refused, and a question gets one answer: what is learnt later is a new `/crisis fact`. Anyone in the crisis's channels can answer."),
        new("context", "Customer", "context <what brought it to their attention, and why it hurts them>",
            "record the customer's context in their words; the business kickoff and every digest show it first.",
            "context the store managers called when the tills froze at opening; every frozen till is a queue of customers walking out",
            Details: "Ask the customer what brought it to their attention and why it hurts them: a \"small freeze\" can stop cash registers in 300 stores. "
                + "It shows first, under \"What this means for <customer>\", in the pinned business kickoff (brought up to date in place) and in every digest. "
                + "Each entry is added with who and when; earlier ones stay. The open form has a field for it. Anyone in the crisis's channels can add it."),
        new("ask", "Customer", "ask <what we need from the customer> because <why>",
            "record a request to the customer and why only they can do it; it goes to the business channel.",
            "ask a network capture from store 12 because we cannot reach their LAN",
            Details: "Records A1, A2… and posts the request in the business channel, where the business passes it on; open requests show in every digest "
                + "with how long they have been open. The customer is busy with the impact: ask only when there is no other way. A request without "
                + "`because` is refused, and its words are checked like a business update's; `/crisis ask! …` sends it anyway, on purpose, and the "
                + "record keeps that choice. With more than three open, the owner is warned that we are asking too much. Anyone in the crisis's channels can ask."),
        new("asked", "Customer", "asked A1 done [note]",
            "mark a request to the customer done.", "asked A1 done capture received from store 12",
            Details: "The request's post in the business channel shows it done, and it leaves the digest's list. Whoever asked or the owner marks it done."),
        new("update", "Business updates", "update <text> next <time> because <why>",
            "post a business update that says when the next one comes and why then.",
            "update stores 1-50 are back next 19:00 because the rollout to the rest finishes then",
            Details: "Your words go to the business channel with the footer every update carries: when the next update comes and why then; "
                + "the next update is then due at your `next` time. Only the owner or the sponsor posts in their own words. `next` may be later than the severity's "
                + "cadence, with the reason shown, but at most four cadences or a day out, whichever is sooner. An update without `next` or "
                + "`because` is refused. The wording check refuses hedges such as \"maybe\" or \"I think\" and blame such as \"user error\", "
                + "showing each with a firmer phrasing; `/crisis update! …` posts it anyway, on purpose, and the record keeps that choice. "
                + "`/crisis update` alone opens a form."),
        new("digest", "Business updates", "digest",
            "post the digest to the business channel now.", "digest",
            Details: "The digest is composed from the crisis record as it stands: impact, what we know, what we are doing, who owns it, "
                + "and when the next update comes and why. Posting it restarts the update cadence from now. Anyone in the crisis can run it."),
        new("target", "Business updates", "target <time> worst <time> because <reason>",
            "set the target for a fix and the worst case, with the reason the business channel reads.",
            "target 18:00 worst tomorrow 12:00 because the fix needs a full regression run",
            Details: "Each severity promises a target and a worst case counted from the report (by default sev1 24 hours and 48 hours, sev2 3 days and 5 days, "
                + "sev3 10 and 20 days, sev4 30 and 60 days); the kickoffs, every digest and `status` show them. Only the owner or the sponsor sets them; "
                + "the target must be in the future and the worst case not before it. The new times and the reason are announced in both channels, and a later "
                + "severity change leaves them as set. The reason's words are checked like a business update's; `/crisis target! …` sets them anyway, on purpose. "
                + "When most of the time to the target is used or a deadline is missed, the owner is prompted to tell the business channel, with an update drafted "
                + "from the record; when the worst case passes, the business channel is told at once."),
        new("status", "Overview", "status [<crisis number>]",
            "show where this crisis stands: the business digest, then the technical detail (theories, open deadlines with the time left, "
                + "deadlines kept and missed). Only you see it.", "status 42",
            Details: "It shows privately the digest the business channel would get now, then the technical detail. "
                + "In a crisis's channel `status` shows that crisis; elsewhere name it, e.g. `status 42`."),
        new("list", "Overview", "list",
            "list open crises, worst first: channel, severity, customer, owner, age, next deadline and next update. Only you see it.", "list",
            Details: "A crisis is listed until the customer accepts the fix; a resolved one shows when it was resolved and that it awaits the "
                + "customer's confirmation in place of the next deadline. Ordered by severity (sev1 first), then the crises still being worked "
                + "before the resolved ones, then by the priority score of the recorded impact (highest first; a crisis with no impact "
                + $"recorded comes after those with one), then oldest first. Shows the first {Features.List.ListBlocks.MaxRows} and says how many more are open. "
                + "Anyone can run it, anywhere; it takes nothing after it."),
        new("watch", "Overview", "watch",
            "list the customers at risk now, from their support cases, worst first, each with an \"Open a crisis\" button. Only you see it.", "watch",
            Details: "A customer is at risk when they open many support cases in a short time, or when their most urgent cases stay open for days "
                + "(playbook: act before the escalation); each is shown with the reasons in numbers, e.g. \"7 cases in 14 days; 1 priority-1 case open more than 48 h\". "
                + "A customer who already has an open crisis is marked with its number and technical channel, and offered no button. The button opens the "
                + "open-crisis form with the customer, a title and the reasons filled in. The thresholds are the `WarRoom:Watch` settings; the same list is "
                + "posted each day to the watch channel when one is set. Anyone can run it, anywhere; it takes nothing after it."),
        new("help", "Overview", "help [command]",
            "this list, or one command explained.", "help open"),
        new("park", "Overview", "park <complaint or concern>",
            "park a complaint or concern for the debrief, so the crisis work continues.", "park Acme's CIO wants to know why monitoring missed this",
            Details: "Do not argue now and do not block the vent: the concern goes in the parking lot and is discussed at the debrief. "
                + "`/crisis status` lists the parking lot. Anyone in the crisis's channels can park one."),
        new("spent", "Overview", "spent <duration> [@user] [note]",
            "record time spent on the crisis.", "spent 3h @dave log review",
            Details: "Durations are hours and minutes: `3h`, `90m`, `1h30m`. Without @user the time is yours. At most 24 hours in one entry; "
                + "record each day on its own. `/crisis status` shows the total per person and in all. Anyone in the crisis's channels can record time."),
        new("mitigated", "Closing", "mitigated <what relieves the pain now>",
            "record that the customer's pain is relieved while the fix goes on.", "mitigated the stores switched to the offline tills, so they sell again",
            Details: "Relieve the pain first, then fix. Only the owner or the sponsor records it, while the crisis is open. Both channels are told at once, "
                + "the digest's status reads \"Mitigated: <how>, fix in progress\", and business updates slow to the next severity's cadence "
                + "(sev1 is updated as sev2 is; `WarRoom:Updates:WhileMitigated` sets it), each footer saying why. The words are read in the business channel, "
                + "so they are checked like a business update's; `/crisis mitigated! …` announces them anyway, on purpose. The crisis stays open until `/crisis resolve`."),
        new("unmitigated", "Closing", "unmitigated because <why it failed>",
            "record that the mitigation failed; updates return to the severity's cadence.", "unmitigated because the offline tills stop after 500 sales",
            Details: "Only the owner or the sponsor records it, with the reason. Both channels are told and business updates return to the severity's cadence, "
                + "never later than already promised. The reason's words are checked like a business update's; `/crisis unmitigated! …` announces it anyway."),
        new("resolve", "Closing", "resolve <what fixed it> [abandon]",
            "record the fix; the crisis is resolved when the customer accepts it.", "resolve rolled back firmware 4.2 on all stores",
            Details: "Only the owner or the sponsor resolves. Both channels are told; the crisis then awaits the customer's acceptance, and business "
                + "updates go on at a slower cadence until then. Open deadlines must get their outcome first; `abandon` at the end records each "
                + "as abandoned instead. A resolved crisis takes no new theories, deadlines or severity changes: if the problem is back, `/crisis reopen`."),
        new("accepted", "Closing", "accepted [note]",
            "record that the customer confirmed the fix; a follow-up check is scheduled.", "accepted Acme's ops lead confirmed on the 17:00 call",
            Details: "Only the owner or the sponsor records it, with who and when. Both channels are told, business updates stop, and the owner is asked "
                + "at the follow-up (14 days by default) whether it is still fixed: *Still fixed* asks the customer's satisfaction and closes the crisis, "
                + "*It came back* reopens it."),
        new("reopen", "Closing", "reopen because <what came back>",
            "reopen a resolved crisis; its history is kept.", "reopen because store 12 froze again at 09:10",
            Details: "Only the owner or the sponsor reopens, with the reason. Both channels are told and business updates resume at the severity's cadence. "
                + "A closed crisis is not reopened: open a new one."),
        new("action", "Closing", "action [#<crisis number>] <what will be done> owner @user due <date>",
            "record a debrief action item with one owner and a due date.", "action add an alert on price cache misses owner @dave due friday",
            Details: "Records AI1, AI2…; `/crisis status` lists the open ones with their owner and due date, overdue ones marked. When an item falls due "
                + "and is still open, its owner is reminded once in the technical channel. The owner is always named: type @ and pick them. "
                + "Due dates: a day or date alone (`friday`, `tomorrow`, `2026-12-14`) means 17:00 that day in your time zone; or a date with a time (`2026-12-14 09:00`), or a time as for deadlines (`tomorrow 09:00`, "
                + "`friday 12:00`, `14 days`); at most a year out, never in the past. Anyone in the crisis's channels can record one. Once the crisis is closed its rooms are archived "
                + "and take no command: name it from anywhere instead, e.g. `action #42 …`; text that starts with `#` is quoted."),
        new("done", "Closing", "done [#<crisis number>] AI1 [note]",
            "mark a debrief action item done.", "done AI1 alert live, see PR 4711",
            Details: "The item leaves the open list in `/crisis status` and stays on the record as done, with who closed it, when and the note. "
                + "Anyone in the crisis's channels can mark one done; elsewhere, as once the crisis is closed and its rooms archived, name it: `done #42 AI1`."),
        new("debrief", "Closing", "debrief [#<crisis number>]",
            "post the debrief document, written from the crisis record, to the technical channel.", "debrief",
            Details: "A Markdown file: the parking lot first (it opens the meeting), then the timeline with full dates in UTC and in the owner's "
                + "time zone, theories, deadlines kept and missed, every business update and whether its promise of the next was kept, facts, "
                + "questions, requests of the customer, handovers, time spent, action items, satisfaction and the timings. Anyone in the crisis's "
                + "channels can post it, at any stage, or from anywhere naming the crisis (`debrief #42`); each run posts the record as it stands then. The resolution "
                + "post has a button that does the same."),
    ];

    private static readonly Dictionary<string, Verb> ByName = Verbs.ToDictionary(v => v.Name, StringComparer.Ordinal);

    private static readonly Lazy<string> Overview = new(RenderOverview);

    /// <summary>Whether <paramref name="verb"/> (lower case) works today.</summary>

    /// <summary>The help text: the whole grammar for <see langword="null"/>, one verb explained otherwise.</summary>
    public static string Help(string? verb)
    {
        if (verb is null)
            return Overview.Value;
        if (!ByName.TryGetValue(verb, out var v))
        {
            return Suggest(verb) is { } meant
                ? $"{Echo(verb)} is not a `/crisis` command. Did you mean `{meant}`?\n{Help(meant)}"
                : $"{Echo(verb)} is not a `/crisis` command. The commands are: {string.Join(", ", Verbs.Select(x => $"`{x.Name}`"))}.\n"
                    + "`/crisis help` explains them all.";
        }

        var text = new StringBuilder()
            .Append("*`/crisis ").Append(v.Name).Append("`* - ").Append(v.Summary);
        text.Append("\n*Usage:* `/crisis ").Append(v.Syntax).Append('`')
            .Append("\n*Example:* `/crisis ").Append(v.Example).Append('`');
        if (v.Details is not null)
            text.Append('\n').Append(v.Details);
        return text.ToString();
    }

    /// <summary>One line: how to write <paramref name="verb"/>, or the list of verbs when it is not one.</summary>
    public static string For(string verb) => ByName.TryGetValue(verb, out var v)
        ? $"`/crisis {v.Syntax}`"
        : $"`/crisis <command>`, where the command is one of {string.Join(", ", Verbs.Select(x => x.Name))}. `/crisis help` explains them.";

    /// <summary>How to write <paramref name="verb"/> and an example: what a reply about one verb shows instead of the whole help.</summary>
    public static string Brief(string verb)
    {
        var v = ByName[verb];
        return $"*Usage:* `/crisis {v.Syntax}`\n*Example:* `/crisis {v.Example}`";
    }

    /// <summary>How much of a mistyped command a reply shows back, so the person can see what the bot read.</summary>
    internal const int EchoedCommandLength = 100;

    /// <summary>
    /// The verb someone most likely meant by <paramref name="typed"/> (lower case), or <see langword="null"/> when none is
    /// close: a word people use for it, an unambiguous start of it, or a slip of a key or two. Tired people mistype
    /// (issue 7, "Forgiving at 3 a.m."); a suggestion costs one reading, a 40-line help costs the moment.
    /// </summary>
    public static string? Suggest(string typed)
    {
        if (typed.Length == 0 || ByName.ContainsKey(typed))
            return null;
        if (Synonyms.TryGetValue(typed, out var synonym))
            return synonym;

        if (typed.Length >= 3)
        {
            var starting = Verbs.Where(v => v.Name.StartsWith(typed, StringComparison.Ordinal)).ToList();
            if (starting.Count == 1)
                return starting[0].Name;
        }

        // A short word has few letters to spare: "by" is one slip from nothing useful, "opne" one from "open".
        var allowed = typed.Length switch { < 3 => 0, < 6 => 1, _ => 2 };
        return Verbs
            .Where(v => Math.Abs(v.Name.Length - typed.Length) <= allowed)
            .Select(v => (v.Name, Distance: EditDistance(typed, v.Name)))
            .Where(c => c.Distance > 0 && c.Distance <= allowed)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>Words people type for a verb that no slip of the keys would turn into it.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["confirm"] = "confirmed",
        ["proved"] = "confirmed",
        ["proven"] = "confirmed",
        ["verified"] = "confirmed",
        ["disprove"] = "disproved",
        ["disproven"] = "disproved",
        ["refuted"] = "disproved",
        ["theories"] = "theory",
        ["hypothesis"] = "theory",
        ["due"] = "deadline",
        ["deadlines"] = "deadline",
        ["extension"] = "extend",
        ["postpone"] = "extend",
        ["retract"] = "withdraw",
        ["cancel"] = "withdraw",
        ["delete"] = "withdraw",
        ["remove"] = "withdraw",
        ["undo"] = "withdraw",
        ["close"] = "resolve",
        ["closed"] = "resolve",
        ["fixed"] = "resolve",
        ["new"] = "open",
        ["start"] = "open",
        ["create"] = "open",
        ["handover"] = "owner",
        ["assign"] = "owner",
        ["info"] = "status",
        ["show"] = "status",
        ["state"] = "status",
        ["facts"] = "fact",
        ["questions"] = "question",
        ["answered"] = "answer",
        ["request"] = "ask",
        ["requests"] = "ask",
        ["ls"] = "list",
        ["?"] = "help",
    };

    /// <summary>Damerau-Levenshtein distance (optimal string alignment): a swapped pair of letters is one slip, as in "theroy".</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// Shows a piece of what someone typed inside a reply without letting it format or notify:
    /// shortened, backticks dropped, and raw Slack markup (<c>&lt;!channel&gt;</c>) escaped so it renders as text.
    /// </summary>
    internal static string Echo(string typed, int max = 40)
    {
        var oneLine = OneLine(typed);
        var shown = oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max), "…");
        shown = shown.Replace("`", "", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
        return $"`{shown}`";
    }

    /// <summary>Inline code ends at a line break, and a control or bidi character could make the echo read differently.</summary>
    private static string OneLine(string typed)
    {
        var text = new StringBuilder(typed.Length);
        foreach (var c in typed)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] != ' ')
                    text.Append(' ');
            }
            else if (char.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format))
            {
                text.Append(c);
            }
        }

        return text.ToString().TrimEnd();
    }

    private static string RenderOverview()
    {
        var text = new StringBuilder()
            .Append("*`/crisis`* runs a customer crisis war room: one owner, a technical and a business channel, written deadlines.\n")
            .Append("In a crisis's channels a command applies to that crisis; elsewhere name it, e.g. `/crisis status 42`.\n");
        foreach (var area in Verbs.GroupBy(v => v.Area))
        {
            text.Append("\n*").Append(area.Key).Append("*\n");
            foreach (var v in area)
            {
                text.Append("• `").Append(v.Syntax).Append("` - ").Append(v.Summary).Append('\n');
            }
        }

        return text
            .Append("\nTimes: `45m`, `2h`, `1h30m`, `18:30`, `tomorrow 09:00`, in your own time zone unless you name one: `23:00 UTC`, `18:30 Europe/Paris`.\n")
            .Append("`/crisis help <command>` explains one, with an example.")
            .ToString();
    }
}
