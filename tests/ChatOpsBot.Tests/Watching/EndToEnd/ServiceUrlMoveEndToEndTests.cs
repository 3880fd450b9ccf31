using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Teams moves a tenant's service URL: a watch made through one connector, then the conversation talks through another
/// (two fake connectors on loopback, as Teams' two addresses), and the watch's next news goes to the new one. Through the
/// real bot, the simulator's scripted history and both connectors.
/// </summary>
public sealed class ServiceUrlMoveEndToEndTests
{
    private const string JobId = WatchHistoryEndToEndTests.JobId;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_watch_follows_its_chat_to_the_serviceUrl_it_talks_from_now()
    {
        await using var bot = await WatchingBot.StartAsync();
        await using var moved = await FakeConnector.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(4));
        Assert.Equal([WatchHistoryEndToEndTests.ThreeFailed], bot.Connector.Calls.Select(c => c.Text));

        await bot.DeliverAsync(Through(moved, bot.InPersonalChat("watching")));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        // The old address heard nothing more; the new one has the answer to the chat's message, then the rest of the news.
        Assert.Equal([WatchHistoryEndToEndTests.ThreeFailed], bot.Connector.Calls.Select(c => c.Text));
        Assert.Equal(WatchingBot.Personal, Assert.Single(bot.Connector.Calls).ConversationId);
        var calls = moved.Calls;
        Assert.StartsWith("This conversation watches 1 of at most 50 jobs:", calls[0].Text, StringComparison.Ordinal);
        Assert.Equal([WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished], calls.Skip(1).Select(c => c.Text));
        Assert.All(calls, c => Assert.Equal(WatchingBot.Personal, c.ConversationId));
    }

    [Fact]
    public async Task A_watch_in_a_channel_thread_follows_when_another_thread_of_that_channel_talks_from_a_new_serviceUrl()
    {
        await using var bot = await WatchingBot.StartAsync();
        await using var moved = await FakeConnector.StartAsync();
        await bot.Host.SendAsync(bot.InChannel($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));

        var otherThread = Through(moved, bot.InChannel("help"));
        otherThread["conversation"]!["id"] = "team-id;messageid=1795904845999";
        await bot.Host.SendAsync(otherThread);
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        string[] news = [WatchHistoryEndToEndTests.ThreeFailed, WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished];
        Assert.Equal([.. news], moved.Calls.Select(c => c.Text));
        Assert.All(moved.Calls, c => Assert.Equal(WatchingBot.Channel, c.ConversationId));
        // The personal chat did not talk: its watch stays where it was.
        Assert.Equal([.. news], bot.CallsTo(WatchingBot.Personal).Select(c => c.Text));
        Assert.Equal(3, bot.Connector.Calls.Count);
    }

    private static JsonObject Through(FakeConnector connector, JsonObject activity)
    {
        activity["serviceUrl"] = connector.ServiceUrl.ToString().TrimEnd('/');
        return activity;
    }
}
