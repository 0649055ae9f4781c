using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// What a new user waits for: from typing the README's run command on a built checkout to the sandbox page answering,
/// and from sending <c>/crisis open</c> in the page to both crisis channels being in the page's sidebar. The command is
/// the README's own (<c>dotnet run --project src/WarRoomBot</c>, build check included), with a free port, an empty data
/// folder of its own, and --fresh; each run is stopped with Ctrl+C. Then +1 day on that sev1 crisis: how long the step
/// takes with every digest of the day posted at its own time.
/// </summary>
internal static class SandboxRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var root = BotProcess.FindRepositoryRoot();
        var toPage = new List<double>();
        var toChannels = new List<double>();
        var toDay = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("warroom-sandbox-run-").FullName;
            var port = BotProcess.FreePort();
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["run", "--project", "src/WarRoomBot", "--", "--fresh", $"--Sandbox:Port={port}", $"--Sandbox:DataFolder={folder}"])
                start.ArgumentList.Add(argument);

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var page = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}/") };

            // Polled, as a person's browser would retry: the measurement is when the page first answers with the bot
            // behind it listening (the page itself answers a moment earlier).
            while (true)
            {
                try
                {
                    if ((await page.GetFromJsonAsync<JsonObject>("sandbox/state"))?["ready"]?.GetValue<bool>() == true)
                        break;
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(10);
            }

            var pageAfter = clock.Elapsed.TotalMilliseconds;
            using (var first = await page.GetAsync(""))
                first.EnsureSuccessStatusCode();
            using var events = await page.GetAsync("sandbox/events", HttpCompletionOption.ResponseHeadersRead);
            using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
            var general = (string)(await page.GetFromJsonAsync<JsonObject>("sandbox/state?as=U0DANA"))!["channel"]!["id"]!;

            clock.Restart();
            using (var sent = await page.PostAsJsonAsync("sandbox/send", new JsonObject
            {
                ["as"] = "U0DANA",
                ["channel"] = general,
                ["text"] = "/crisis open Checkout freezes at 300 stores sev1 customer: Acme Retail",
            }))
            {
                sent.EnsureSuccessStatusCode();
            }

            while (await stream.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
                var state = (await page.GetFromJsonAsync<JsonObject>("sandbox/state?as=U0DANA"))!;
                var names = state["channels"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
                if (names.Contains("crisis-1-checkout-freezes-at-300-stores") && names.Contains("crisis-1-checkout-freezes-at-300-stores-biz"))
                    break;
            }

            var channelsAfter = clock.Elapsed.TotalMilliseconds;

            // +1 day on the sev1 crisis: every digest of the day goes out at its own time before the step returns.
            clock.Restart();
            using (var day = await page.PostAsJsonAsync("sandbox/clock", new JsonObject { ["minutes"] = 1440 }))
                day.EnsureSuccessStatusCode();
            var dayAfter = clock.Elapsed.TotalMilliseconds;
            var after = (await page.GetFromJsonAsync<JsonObject>("sandbox/state?as=U0DANA"))!;
            var business = (string)after["channels"]!.AsArray().First(c => (string)c!["name"]! == "crisis-1-checkout-freezes-at-300-stores-biz")!["id"]!;
            var posts = (await page.GetFromJsonAsync<JsonObject>($"sandbox/state?as=U0DANA&channel={business}"))!["messages"]!.AsArray()
                .Select(m => (string)m!["html"]!).ToList();
            var digests = posts.Count(p => p.Contains("business update", StringComparison.Ordinal));
            var late = posts.Count(p => p.Contains("late", StringComparison.OrdinalIgnoreCase));

            toPage.Add(pageAfter);
            toChannels.Add(channelsAfter);
            toDay.Add(dayAfter);
            Console.WriteLine($"run {run}: page answered after {pageAfter:0} ms; both channels in the sidebar {channelsAfter:0} ms after /crisis open; "
                + $"+1 day took {dayAfter:0} ms and brought {digests} digests, {late} saying late");

            // Ctrl+C reaches the whole foreground group in a terminal: the bot that `dotnet run` started, then itself.
            using (var interrupt = Process.Start("pkill", ["-INT", "-P", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await interrupt.WaitForExitAsync();
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }

        double[] pages = [.. toPage.Order()], channels = [.. toChannels.Order()], days = [.. toDay.Order()];
        Console.WriteLine($"dotnet run to page: median {Stats.Percentile(pages, 0.5):0} ms, worst {pages[^1]:0} ms; "
            + $"/crisis open to both channels: median {Stats.Percentile(channels, 0.5):0} ms, worst {channels[^1]:0} ms; "
            + $"+1 day: median {Stats.Percentile(days, 0.5):0} ms, worst {days[^1]:0} ms ({runs} runs)");
        return 0;
    }
}
