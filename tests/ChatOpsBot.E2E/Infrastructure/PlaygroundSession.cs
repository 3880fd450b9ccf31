using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>
/// One browser tab on the Agents Playground, driven as a person would: by what is visible (roles, labels, text).
/// The Playground's own class names are generated and change between releases, so none is used; the one class
/// selector is the Adaptive Cards renderer's documented <c>ac-adaptiveCard</c>.
/// </summary>
public sealed partial class PlaygroundSession : IAsyncDisposable
{
    public const string BotName = "Test Bot";

    private readonly IBrowserContext _context;
    private readonly string _testName;

    private PlaygroundSession(IBrowserContext context, IPage page, string testName)
    {
        _context = context;
        Page = page;
        _testName = testName;
    }

    public IPage Page { get; }

    /// <summary>Every Adaptive Card in the open conversation, oldest first.</summary>
    public ILocator Cards => Page.Locator(".ac-adaptiveCard");

    /// <summary>Every message in personal chat (each has one header: author and time), the user's and the bot's.</summary>
    public ILocator Messages => Page.GetByLabel("Message header", new PageGetByLabelOptions { Exact = true });

    /// <summary>
    /// A paragraph of the conversation (a text message, or a line of a card) containing <paramref name="text"/>. Not the
    /// log panel, which echoes every message, nor the chat list's preview of the last one.
    /// </summary>
    public ILocator Said(string text) =>
        Page.GetByRole(AriaRole.Paragraph).Filter(new LocatorFilterOptions { HasText = text });

    /// <summary>Log panel lines for the bot's updates of a message it sent before (PUT, answered 200).</summary>
    public ILocator BotUpdates => BotCalls("message 200");

    /// <summary>Log panel lines for the bot's new messages (POST, answered 201).</summary>
    public ILocator BotPosts => BotCalls("message 201");

    /// <summary>Log panel lines for the bot's new channel posts (CreateConversation, answered 201).</summary>
    public ILocator BotNewPosts => BotCalls("createConversation 201");

    /// <summary>Log panel lines for the bot's messages or updates the Playground refused as Teams would (400).</summary>
    public ILocator BotRefusedMessages => BotCalls("message 400");

    internal static async Task<PlaygroundSession> OpenAsync(IBrowserContext context, Uri address, string testName)
    {
        var page = await context.NewPageAsync();
        var session = new PlaygroundSession(context, page, testName);
        try
        {
            await page.GotoAsync(address.ToString());
            // Each page load installs the bot in personal chat; its welcome card proves the round trip.
            await Expect(session.Cards).ToHaveCountAsync(1);
            await Expect(session.Cards.First).ToContainTextAsync("I watch ModelArts Lite Server jobs");
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types into personal chat's message box and sends with Enter.</summary>
    public async Task SendAsync(string text)
    {
        var box = Page.GetByRole(AriaRole.Textbox);
        await box.ClickAsync();
        await box.PressSequentiallyAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>Opens the General channel of the Playground's team, where the bot is installed (and welcomes).</summary>
    public async Task OpenChannelAsync()
    {
        await Page.GetByRole(AriaRole.Treeitem, new PageGetByRoleOptions { Name = "My Team - General" }).ClickAsync();
        await Expect(PostButton).ToBeVisibleAsync();
        await Expect(Cards.First).ToContainTextAsync("I watch ModelArts Lite Server jobs");
    }

    /// <summary>
    /// Starts a channel post that @mentions the bot the way a person does (type "@", pick the bot from the list),
    /// followed by <paramref name="text"/>; returns the post, whose thread holds the answers.
    /// </summary>
    public async Task<ILocator> PostMentioningTheBotAsync(string text)
    {
        var composer = Page.GetByRole(AriaRole.Group).Filter(new LocatorFilterOptions { Has = PostButton });
        var box = composer.GetByRole(AriaRole.Textbox);
        await box.ClickAsync();
        await box.PressSequentiallyAsync("@Test");
        await Page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = BotName }).ClickAsync();
        await box.PressSequentiallyAsync(" " + text);
        await PostButton.ClickAsync();
        // The mention shows as the bot's name; the welcome card's example has the same command but not this.
        return Page.GetByRole(AriaRole.Group).Filter(new LocatorFilterOptions { HasText = $"{BotName} {text}" })
            .Filter(new LocatorFilterOptions { HasNot = PostButton });
    }

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = ArtifactPath(name + ".png") });

    /// <summary>The page as a phone shows it: the viewport narrowed to <paramref name="width"/> px for the picture, then restored.</summary>
    public async Task ScreenshotAtWidthAsync(int width, string name)
    {
        var size = Page.ViewportSize ?? throw new InvalidOperationException("The page has no fixed viewport.");
        await Page.SetViewportSizeAsync(width, size.Height);
        try
        {
            await ScreenshotAsync(name);
        }
        finally
        {
            await Page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }

    public async Task ScreenshotAsync(ILocator element, string name) =>
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = ArtifactPath(name + ".png") });

    /// <summary>Leaves the page as it ended (picture and DOM) in the artifacts: what to look at when a test fails.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Page.IsClosed)
            {
                await ScreenshotAsync("last");
                await File.WriteAllTextAsync(ArtifactPath("last.html"), await Page.ContentAsync());
            }
        }
        catch (PlaywrightException)
        {
            // The page is gone; the test's own failure says why.
        }
        await _context.CloseAsync();
    }

    private ILocator PostButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Post", Exact = true });

    private ILocator BotCalls(string call) =>
        Page.Locator($"div:has(> span:text-is('{call}'))")
            .Filter(new LocatorFilterOptions { HasTextRegex = BotToPlayground() });

    private string ArtifactPath(string name) => Path.Combine(RepositoryPaths.Artifacts, $"{_testName}-{name}");

    [GeneratedRegex(@"User Application\s*->\s*Microsoft 365 Agents Playground")]
    private static partial Regex BotToPlayground();
}
