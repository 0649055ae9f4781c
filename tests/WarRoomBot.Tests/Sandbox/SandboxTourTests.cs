using Microsoft.Playwright;
using WarRoomBot.Tests.Manifest;
using static Microsoft.Playwright.Assertions;

namespace WarRoomBot.Tests.Sandbox;

/// <summary>
/// The README's tour, done by a browser on the page that <c>dotnet run</c> opens: the sandbox run as its own process,
/// Chromium clicking and typing as a person would. Everything the page does reaches the bot as Slack-signed requests.
/// </summary>
public sealed class SandboxTourTests : IAsyncLifetime
{
    private const string TechChannel = "crisis-1-checkout-freezes-at-300-stores";
    private const string BizChannel = "crisis-1-checkout-freezes-at-300-stores-biz";

    private readonly string folder = Directory.CreateTempSubdirectory("warroom-sandbox-").FullName;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [ChromiumFact]
    public async Task A_crisis_opened_from_the_composer_runs_its_course_in_the_page()
    {
        await using var sandbox = await SandboxProcess.StartAsync(folder);
        var page = await OpenAsync(sandbox.Page);

        // 1. Open a crisis from the composer, as the owner: both channels appear in the sidebar, the business one private.
        await page.Locator("#person").SelectOptionAsync("U0DANA");
        await TypeAsync(page, "/crisis open Checkout freezes at 300 stores sev1 customer: Acme Retail");
        await Expect(Mine(page, "Opening crisis 1")).ToHaveCountAsync(1);
        await Expect(Channel(page, TechChannel)).ToBeVisibleAsync();
        await Expect(Channel(page, BizChannel)).ToContainTextAsync("🔒");

        // 2. A theory with a deadline, in the technical channel.
        await Channel(page, TechChannel).ClickAsync();
        await Expect(page.Locator(".message.pinned")).ToContainTextAsync("Acme Retail");
        await TypeAsync(page, "/crisis theory the payment cache is stale prove flush one store's cache by 50m");
        await Expect(page.Locator(".message").Filter(new() { HasText = "T1" }).First).ToBeVisibleAsync();

        // 3. An hour passes: the deadline falls due, and its post asks for the outcome.
        await page.GetByRole(AriaRole.Button, new() { Name = "+1 h" }).ClickAsync();
        var due = page.Locator(".message").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Confirmed" }) });
        await Expect(due).ToHaveCountAsync(1);
        await Expect(page.Locator("#now")).ToContainTextAsync("Sandbox time");

        // 4. Confirmed: the outcome takes the buttons' place.
        await due.GetByRole(AriaRole.Button, new() { Name = "Confirmed" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirmed" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".messages")).ToContainTextAsync("is now the working explanation");

        // 5. The business channel: the kickoff, the digests the hour brought, and the news, in plain words.
        await Channel(page, BizChannel).ClickAsync();
        await Expect(page.Locator("#channel-name")).ToContainTextAsync(BizChannel);
        await Expect(page.Locator(".messages")).ToContainTextAsync("Next update at");
        await Expect(page.Locator(".messages")).ToContainTextAsync("Acme Retail");

        await page.ScreenshotAsync(new() { Path = Artifact("sandbox-tour.png"), FullPage = true });
        Assert.Equal(0, await sandbox.StopAsync());
    }

    [ChromiumFact]
    public async Task The_open_form_shows_the_bots_objection_under_the_field_and_opens_the_crisis_once_answered()
    {
        await using var sandbox = await SandboxProcess.StartAsync(folder);
        var page = await OpenAsync(sandbox.Page);

        await TypeAsync(page, "/crisis open");
        var modal = page.Locator("#modal-form");
        await Expect(modal.Locator("#modal-title")).ToHaveTextAsync("Open a crisis");
        var title = modal.Locator(".bk-input").First;

        // Only spaces: the browser lets it through, as Slack's client would, and the bot says what is missing.
        await title.Locator("input, textarea").FillAsync("   ");
        await page.Locator("#modal-submit").ClickAsync();
        await Expect(title.Locator(".bk-error")).ToContainTextAsync("Say what the customer is suffering");

        await title.Locator("input, textarea").FillAsync("Payments time out in the EU");
        await page.Locator("#modal-submit").ClickAsync();
        await Expect(page.Locator("#modal")).ToBeHiddenAsync();
        await Expect(Channel(page, "crisis-1-payments-time-out-in-the-eu")).ToBeVisibleAsync();
    }

    private async Task<IPage> OpenAsync(Uri address)
    {
        // The sandbox process shares two cores with the browser and the other tests; a step may take seconds there.
        SetDefaultExpectTimeout(60_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Executable, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 860 } });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(address.AbsoluteUri);
        await Expect(page.Locator("#channel-name")).ToContainTextAsync("general");
        return page;
    }

    private static async Task TypeAsync(IPage page, string text)
    {
        await page.Locator("#composer-text").FillAsync(text);
        await page.Locator("#composer-text").PressAsync("Enter");
    }

    private static ILocator Channel(IPage page, string name) => page.Locator($"#channels li[data-name='{name}']");

    /// <summary>Replies only the person at the keyboard sees, marked so.</summary>
    private static ILocator Mine(IPage page, string text) =>
        page.Locator(".message.ephemeral").Filter(new() { HasText = "Only visible to you" }).Filter(new() { HasText = text });

    private static string Artifact(string name)
    {
        var results = Path.Combine(RepoPaths.RepoRoot, "TestResults");
        Directory.CreateDirectory(results);
        return Path.Combine(results, name);
    }
}
