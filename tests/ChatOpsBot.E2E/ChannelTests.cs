using ChatOpsBot.E2E.Infrastructure;
using ChatOpsBot.Simulator;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatOpsBot.E2E;

/// <summary>A Teams channel in the Agents Playground: the bot is @mentioned in a post and answers in its thread.</summary>
[Collection(SharedPlayground.Name)]
public sealed class ChannelTests(PlaygroundFixture playground)
{
    [Fact]
    public async Task Post_that_mentions_the_bot_gets_the_card_in_its_thread_and_Refresh_updates_it_there()
    {
        await using var chat = await playground.OpenAsync(nameof(Post_that_mentions_the_bot_gets_the_card_in_its_thread_and_Refresh_updates_it_there));
        await chat.OpenChannelAsync();

        var post = await chat.PostMentioningTheBotAsync($"job {JobCatalog.ManyFailuresJobId}");

        // The post shows the mention as a person sees it, and the bot's card arrives in the post's thread.
        await Expect(post).ToContainTextAsync($"{PlaygroundSession.BotName} job {JobCatalog.ManyFailuresJobId}");
        var card = post.Locator(".ac-adaptiveCard");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card).ToContainTextAsync("FAILED");
        await Expect(card).ToContainTextAsync("70 of 256 tasks failed");
        await Expect(card).ToContainTextAsync("47 servers: driver mismatch");
        await chat.ScreenshotAsync(post, "thread");

        // The channel's conversation id carries ";messageid=…": the update must still reach that message.
        var posts = await chat.BotPosts.CountAsync();
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Refresh", Exact = true }).ClickAsync();
        await Expect(chat.BotUpdates).ToHaveCountAsync(1);
        await Expect(post.Locator(".ac-adaptiveCard")).ToHaveCountAsync(1);
        await Expect(chat.BotPosts).ToHaveCountAsync(posts);
        await Expect(card).ToContainTextAsync("70 of 256 tasks failed");
        await chat.ScreenshotAsync("page");
    }
}
