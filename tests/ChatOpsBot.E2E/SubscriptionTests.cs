using System.Text.RegularExpressions;
using ChatOpsBot.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsBot.E2E;

/// <summary>
/// <c>subscribe</c> in a channel of the Agents Playground, with the simulator's project history ten times faster: a job
/// of the project gets failed tasks, a new post from the bot opens its thread with the job's card, and the job's later
/// failures reply in that thread while the post's card is updated in place.
/// </summary>
[Collection(FastProjectHistory.Name)]
public sealed partial class SubscriptionTests(FastProjectHistoryPlayground playground)
{
    [Fact]
    public async Task Subscribe_in_a_channel_then_a_failing_job_opens_a_post_with_its_card_and_its_later_failures_reply_in_that_thread()
    {
        await using var chat = await playground.OpenAsync("subscribe-channel");
        await chat.OpenChannelAsync();

        // The subscription is made before the feed's first list call, which starts the project history's clock.
        var subscribe = await chat.PostMentioningTheBotAsync("subscribe");
        await Expect(subscribe).ToContainTextAsync(
            "Subscribed: this channel will hear about every job when it gets failed tasks, with that job's later news in its thread.");
        await chat.ScreenshotAsync(subscribe, "subscribed");

        // Minute 3 of the history (18 s at this speed): train-bert-large gets 2 failed tasks; a new post of the bot opens
        // its thread, its card headed by the one line a phone previews. Not a reply in the thread of the subscribe post.
        var post = chat.Page.GetByRole(AriaRole.Group).Filter(new LocatorFilterOptions { Has = chat.Page.Locator(".ac-adaptiveCard"), HasText = "train-bert-large" });
        var card = post.Locator(".ac-adaptiveCard");
        await Expect(card).ToContainTextAsync(FirstLine());
        await Expect(post).ToHaveCountAsync(1);
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("2 of 16 tasks failed");
        await Expect(card).ToContainTextAsync("driver install failed on NPU");
        await Expect(subscribe).Not.ToContainTextAsync("train-bert-large");
        await Expect(chat.BotNewPosts).Not.ToHaveCountAsync(0);
        await chat.ScreenshotAsync(post, "first-news-post");
        await chat.ScreenshotAsync("first-news-page");

        // Minute 5 (30 s): 2 more failed tasks of another cause. A reply in the post's thread says so, and the post's card
        // is updated in place (the Playground refuses, as Teams does, to update a message of text and a card).
        var reply = post.Locator("p:not(.ac-adaptiveCard *)").Filter(new LocatorFilterOptions { HasTextRegex = LaterLine() });
        await Expect(reply).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("4 of 16 tasks failed");
        await Expect(card).ToContainTextAsync(LaterLine());
        await Expect(card).ToContainTextAsync("HBM ECC uncorrectable errors");
        await Expect(chat.BotUpdates).ToHaveCountAsync(1);
        await Expect(chat.BotRefusedMessages).ToHaveCountAsync(0);
        await Expect(post).ToHaveCountAsync(1);
        await Expect(card).ToHaveCountAsync(1);
        await chat.ScreenshotAsync(post, "later-news-post");
        await chat.ScreenshotAsync("later-news-page");
        await chat.ScreenshotAtWidthAsync(360, "later-news-360px");
    }

    [GeneratedRegex(@"train-bert-large: 2 tasks failed \(driver install failed on NPU \d: expected 24\.1\.0\.3, found 23\.0\.6\)")]
    private static partial Regex FirstLine();

    [GeneratedRegex(@"train-bert-large: 2 more tasks failed")]
    private static partial Regex LaterLine();
}
