using System.Net;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// What the bot does when Teams refuses a watch's conversation: 403/404 mean the bot was removed or blocked there
/// (stop after one attempt, and say so in <c>watching</c>), 429 means later (the news still arrives, once).
/// </summary>
public sealed class ConversationRefusalEndToEndTests
{
    private const string JobId = ScriptedHistory.FailThenFinishId;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_conversation_that_refuses_the_bot_is_tried_once_then_its_watch_shows_as_stopped(HttpStatusCode refusal)
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InChannel($"watch {JobId}"));
        bot.Connector.Refuse(WatchingBot.Personal, refusal);

        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal([$"POST {WatchHistoryEndToEndTests.ThreeFailed} → {(int)refusal}"], bot.CallsTo(WatchingBot.Personal).Describe());
        var listed = await bot.AskAsync(bot.InPersonalChat("watching"));
        Assert.Contains($"- {JobId} — stopped: conversation gone (Teams answered {(int)refusal}: the bot was removed or blocked there)",
            listed, StringComparison.Ordinal);
        var stopped = Assert.Single(await bot.WatchesAsync(WatchingBot.Personal));
        Assert.False(stopped.IsActive);
        // The other conversation watching the same job is not affected.
        Assert.Equal(
            [WatchHistoryEndToEndTests.ThreeFailed, WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished],
            bot.CallsTo(WatchingBot.Channel).Select(c => c.Text));
    }

    [Fact]
    public async Task A_throttled_conversation_gets_the_news_later_and_only_once()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        bot.Connector.Refuse(WatchingBot.Personal, HttpStatusCode.TooManyRequests);

        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(3));
        var throttled = bot.CallsTo(WatchingBot.Personal).Describe();
        await bot.RoundAfterAsync(TimeSpan.FromSeconds(5));
        var stillWaiting = bot.CallsTo(WatchingBot.Personal).Count;
        bot.Connector.Allow(WatchingBot.Personal);
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal([$"POST {WatchHistoryEndToEndTests.ThreeFailed} → 429"], throttled);
        Assert.Equal(1, stillWaiting);
        Assert.Equal(
        [
            $"POST {WatchHistoryEndToEndTests.ThreeFailed} → 429",
            $"POST {WatchHistoryEndToEndTests.ThreeFailed}",
            $"POST {WatchHistoryEndToEndTests.TwoMore}",
            $"POST {WatchHistoryEndToEndTests.Finished}",
        ], bot.CallsTo(WatchingBot.Personal).Describe());
    }

    [Fact]
    public async Task A_card_that_is_throttled_neither_repeats_the_news_nor_stops_the_watch()
    {
        const HttpStatusCode refusal = HttpStatusCode.TooManyRequests;
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(RecordedActivity.Submit("watch", JobId, "card-5", bot.ServiceUrl));
        bot.Connector.Clear();
        bot.Connector.Refuse(WatchingBot.Personal, refusal, "PUT");

        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        var updateRefused = $" → {(int)refusal}";
        Assert.Equal(
        [
            $"POST {WatchHistoryEndToEndTests.ThreeFailed}",
            $"PUT card-5 card PROCESSING [Refresh, Unwatch, Console]{updateRefused}",
            $"POST {WatchHistoryEndToEndTests.TwoMore}",
            $"PUT card-5 card PROCESSING [Refresh, Unwatch, Console]{updateRefused}",
            $"POST {WatchHistoryEndToEndTests.Finished}",
            $"PUT card-5 card FINISHED [Refresh, Console]{updateRefused}",
        ], bot.Connector.Calls.Describe());
    }

    [Fact]
    public async Task A_deleted_card_is_tried_once_and_the_news_goes_on_as_new_messages()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(RecordedActivity.Submit("watch", JobId, "card-5", bot.ServiceUrl));
        bot.Connector.Clear();
        bot.Connector.Refuse(WatchingBot.Personal, HttpStatusCode.NotFound, "PUT");

        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal(
        [
            $"POST {WatchHistoryEndToEndTests.ThreeFailed}",
            "PUT card-5 card PROCESSING [Refresh, Unwatch, Console] → 404",
            $"POST {WatchHistoryEndToEndTests.TwoMore}",
            $"POST {WatchHistoryEndToEndTests.Finished}",
        ], bot.Connector.Calls.Describe());
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_deleted_card_keeps_the_watch_going_and_its_news_arrives_as_new_messages(HttpStatusCode refusal)
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(RecordedActivity.Submit("watch", ScriptedHistory.SucceedsId, "card-7", bot.ServiceUrl));
        bot.Connector.Clear();
        // Someone deleted the card message: updating it is refused, posting to the conversation is not.
        bot.Connector.Refuse(WatchingBot.Personal, refusal, "PUT");

        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal(
        [
            $"PUT card-7 card PROCESSING [Refresh, Unwatch, Console] → {(int)refusal}",
            "POST ✅ Job firmware-check finished: all 10 tasks succeeded",
        ], bot.Connector.Calls.Describe());
        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
    }
}
