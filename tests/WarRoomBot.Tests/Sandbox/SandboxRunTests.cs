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
            Assert.Contains("Acme Retail", Html(await page.StateAsync("U0PRIYA", tech)));

            // The bot kept its record too: the crisis answers, and the next one is number 2.
            await page.SendAsync("U0DANA", "/crisis open Payments time out");
            var general = await page.StateAsync("U0DANA", channel: null);
            Assert.Contains("Opening crisis 2", Html(general));
            Assert.Equal(0, await again.StopAsync());
        }

        await using var fresh = await SandboxProcess.StartAsync(folder, "--fresh");
        using var empty = new SandboxPageClient(fresh.Page);
        Assert.Equal(["general"], Names(await empty.StateAsync("U0DANA", channel: null)));
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
