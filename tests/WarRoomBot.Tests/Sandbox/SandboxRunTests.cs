using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>The sandbox as a person runs it, again and again: Ctrl+C, run it again, and what was there is still there.</summary>
public sealed class SandboxRunTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warroom-sandbox-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Running_it_again_keeps_the_crises_and_fresh_starts_empty()
    {
        await using (var first = await SandboxProcess.StartAsync(folder))
        {
            using var page = new SandboxPageClient(first.Page);
            await page.SendAsync("U0DANA", "/crisis open Checkout freezes at 300 stores sev1 customer: Acme Retail");
            await page.WaitForAsync("U0DANA", state => Names(state).Contains("crisis-1-checkout-freezes-at-300-stores-biz"));
            Assert.Equal(0, await first.StopAsync());
        }

        await using (var again = await SandboxProcess.StartAsync(folder))
        {
            using var page = new SandboxPageClient(again.Page);
            var state = await page.StateAsync("U0PRIYA", channel: null);
            Assert.Contains("crisis-1-checkout-freezes-at-300-stores", Names(state));
            var tech = Id(state, "crisis-1-checkout-freezes-at-300-stores");

            // The first run may have stopped before posting the kickoff: this one posts it, without being asked.
            await page.WaitForAsync("U0PRIYA", room => Html(room).Contains("Acme Retail", StringComparison.Ordinal), tech);

            // The bot kept its record too: the crisis answers, and the next one is number 2.
            await page.SendAsync("U0DANA", "/crisis open Payments time out");
            var general = await page.StateAsync("U0DANA", channel: null);
            Assert.Contains("Opening crisis 2", Html(general));
            Assert.Equal(0, await again.StopAsync());
        }

        // --fresh empties the sandbox and leaves alone whatever else is in its folder.
        var notes = Path.Combine(folder, "data", "sandbox", "notes.txt");
        await File.WriteAllTextAsync(notes, "mine");
        await using var fresh = await SandboxProcess.StartAsync(folder, "--fresh");
        using var empty = new SandboxPageClient(fresh.Page);
        Assert.Equal(["customer-watch", "general"], Names(await empty.StateAsync("U0DANA", channel: null)).Order());
        Assert.Equal("mine", await File.ReadAllTextAsync(notes));

        // The sandbox's own support cases give the watch list someone to show.
        await empty.SendAsync("U0VERA", "/crisis watch");
        var watch = Html(await empty.StateAsync("U0VERA", channel: null));
        Assert.Contains("2 customers at risk", watch);
        Assert.Contains("Acme Retail", watch);
        Assert.Contains("Initech", watch);
    }

    [Fact]
    public async Task A_crash_right_after_the_channels_appear_loses_none_of_them_and_the_next_crisis_gets_its_own()
    {
        await using (var crashed = await SandboxProcess.StartAsync(folder))
        {
            using var page = new SandboxPageClient(crashed.Page);
            await page.SendAsync("U0DANA", "/crisis open Checkout freezes at 300 stores");
            await page.WaitForAsync("U0DANA", state => Names(state).Contains("crisis-1-checkout-freezes-at-300-stores-biz"));
            await crashed.KillAsync();
        }

        await using var again = await SandboxProcess.StartAsync(folder);
        using var after = new SandboxPageClient(again.Page);
        var state = await after.StateAsync("U0DANA", channel: null);
        Assert.Contains("crisis-1-checkout-freezes-at-300-stores", Names(state));
        Assert.Contains("crisis-1-checkout-freezes-at-300-stores-biz", Names(state));

        await after.SendAsync("U0DANA", "/crisis open Payments time out");
        var second = await after.WaitForAsync("U0DANA", s => Names(s).Contains("crisis-2-payments-time-out-biz"));
        var ids = second["channels"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // A theory typed in crisis 2's channel belongs to crisis 2.
        var tech2 = Id(second, "crisis-2-payments-time-out");
        await after.SendAsync("U0DANA", "/crisis theory the gateway pool is exhausted prove raise the pool by 45m", tech2);
        var room = await after.WaitForAsync("U0DANA", s => s["messages"]!.AsArray().Any(m => !(bool)m!["ephemeral"]! && ((string)m["html"]!).Contains("gateway pool", StringComparison.Ordinal)), tech2);

        // The command's private answer sits where the command was typed, before the post the bot made while answering.
        var shown = room["messages"]!.AsArray().Select(m => (Ephemeral: (bool)m!["ephemeral"]!, Html: (string)m["html"]!)).ToList();
        Assert.True(shown.FindIndex(m => m.Ephemeral) < shown.FindIndex(m => !m.Ephemeral && m.Html.Contains("gateway pool", StringComparison.Ordinal)));
        Assert.DoesNotContain("gateway pool", Html(await after.StateAsync("U0DANA", Id(second, "crisis-1-checkout-freezes-at-300-stores"))));
    }

    [Fact]
    public async Task The_page_refuses_what_another_site_could_send_it()
    {
        await using var sandbox = await SandboxProcess.StartAsync(folder);
        using var http = new HttpClient { BaseAddress = sandbox.Page };
        var before = (string)(await new SandboxPageClient(sandbox.Page).StateAsync("U0DANA", null))["now"]!;

        // A plain-text post is what any page may send cross-site without asking.
        using var plain = await http.PostAsync("sandbox/clock", new StringContent("{\"minutes\":1440}", System.Text.Encoding.UTF8, "text/plain"));
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "sandbox/state?as=U0DANA") { Headers = { Host = "attacker.example" } };
        using var read = await http.SendAsync(rebound);

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, read.StatusCode);
        var after = (string)(await new SandboxPageClient(sandbox.Page).StateAsync("U0DANA", null))["now"]!;
        Assert.True(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromHours(1), "The clock must not have moved a day.");
    }

    [Fact]
    public async Task A_person_sees_private_replies_meant_for_them_only()
    {
        await using var sandbox = await SandboxProcess.StartAsync(folder);
        using var page = new SandboxPageClient(sandbox.Page);

        await page.SendAsync("U0PRIYA", "/crisis help");

        var priya = await page.StateAsync("U0PRIYA", channel: null);
        var vera = await page.StateAsync("U0VERA", channel: null);
        Assert.Contains(priya["messages"]!.AsArray(), m => (bool)m!["ephemeral"]! && ((string)m["html"]!).Contains("runs a customer crisis war room", StringComparison.Ordinal));
        Assert.DoesNotContain(vera["messages"]!.AsArray(), m => (bool)m!["ephemeral"]!);
    }

    private static List<string> Names(JsonObject state) => [.. state["channels"]!.AsArray().Select(c => (string)c!["name"]!)];

    private static string Id(JsonObject state, string name) => (string)state["channels"]!.AsArray().First(c => (string)c!["name"]! == name)!["id"]!;

    private static string Html(JsonObject state) => string.Concat(state["messages"]!.AsArray().Select(m => (string)m!["html"]!));
}
