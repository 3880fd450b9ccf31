using ChatOpsBot.E2E.Infrastructure;
using ChatOpsBot.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsBot.E2E;

/// <summary>The card's Refresh button, clicked in the browser: the card changes where it is, no new message appears.</summary>
[Collection(SharedPlayground.Name)]
public sealed class RefreshTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task Refresh_updates_the_card_in_place_instead_of_posting_a_new_one()
    {
        await using var chat = await playground.OpenAsync(nameof(Refresh_updates_the_card_in_place_instead_of_posting_a_new_one));
        await chat.SendAsync($"job {JobCatalog.ManyFailuresJobId}");
        await Expect(chat.Cards).ToHaveCountAsync(2);
        var card = chat.Cards.Last;
        await Expect(card).ToContainTextAsync("70 of 256 tasks failed");
        var messages = await chat.Messages.CountAsync();
        var posts = await chat.BotPosts.CountAsync();
        await Expect(chat.BotUpdates).ToHaveCountAsync(0);

        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Refresh", Exact = true }).ClickAsync();

        // The bot answered the click by updating its message (PUT) …
        await Expect(chat.BotUpdates).ToHaveCountAsync(1);
        // … and by nothing else: same messages, same cards, no new post.
        await Expect(chat.Messages).ToHaveCountAsync(messages);
        await Expect(chat.Cards).ToHaveCountAsync(2);
        await Expect(chat.BotPosts).ToHaveCountAsync(posts);
        await Expect(card).ToContainTextAsync("70 of 256 tasks failed");
        await Expect(card).ToContainTextAsync("Failed tasks by cause");
        await chat.ScreenshotAsync("page");
    }

    [Fact]
    public async Task Refresh_shows_on_the_same_card_a_watch_started_since_it_was_posted()
    {
        await using var chat = await playground.OpenAsync(nameof(Refresh_shows_on_the_same_card_a_watch_started_since_it_was_posted));
        var job = JobCatalog.RunningJobId;
        await chat.SendAsync($"job {job}");
        await Expect(chat.Cards).ToHaveCountAsync(2);
        var first = chat.Cards.Nth(1);
        await Expect(first).ToContainTextAsync("PROCESSING");
        await Expect(Button(first, "Watch")).ToBeVisibleAsync();

        await chat.SendAsync($"watch {job}");
        await Expect(chat.Said("I'll post here when its tasks start failing and when it ends.")).ToBeVisibleAsync();
        await Expect(chat.Cards).ToHaveCountAsync(3);
        await Expect(Button(chat.Cards.Last, "Unwatch")).ToBeVisibleAsync();
        var messages = await chat.Messages.CountAsync();
        // The first card was not touched by the watch: it still offers Watch.
        await Expect(Button(first, "Watch")).ToBeVisibleAsync();

        await Button(first, "Refresh").ClickAsync();

        await Expect(Button(first, "Unwatch")).ToBeVisibleAsync();
        await Expect(Button(first, "Watch")).ToHaveCountAsync(0);
        await Expect(chat.Cards).ToHaveCountAsync(3);
        await Expect(chat.Messages).ToHaveCountAsync(messages);
        await chat.ScreenshotAsync("page");

        // Leave the bot's store as other tests expect it.
        await chat.SendAsync($"unwatch {job}");
        await Expect(chat.Said($"Stopped watching job {job} here.")).ToBeVisibleAsync();
    }

    private static ILocator Button(ILocator card, string name) =>
        card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = name, Exact = true });
}
