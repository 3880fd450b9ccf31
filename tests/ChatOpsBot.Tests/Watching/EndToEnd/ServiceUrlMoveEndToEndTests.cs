using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Teams moves a tenant's service URL: a watch (or a subscription) made through one connector, then the conversation
/// talks through another (two fake connectors on loopback, as Teams' two addresses), and the next news goes to the new
/// one. Through the real bot, the simulator's scripted histories and both connectors.
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

    [Fact]
    public async Task A_channels_subscription_follows_when_the_channel_talks_from_a_new_serviceUrl()
    {
        const int projectSize = 5;
        await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?> { ["Watching:ListPollInterval"] = "00:00:01" });
        await using var moved = await FakeConnector.StartAsync();
        var since = bot.Clock.GetUtcNow();
        for (var number = 1; number <= projectSize; number++)
        {
            bot.Host.Simulator.Catalog.AddJob(ProjectJob(ProjectJobs.IdOf(number), projectSize, since));
        }
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();
        await bot.AskAsync(bot.InChannel("subscribe"));
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        await feed.RunOnceAsync(CancellationToken.None);

        var otherThread = Through(moved, bot.InChannel("subscriptions"));
        otherThread["conversation"]!["id"] = "team-id;messageid=1795904845999";
        await bot.Host.SendAsync(otherThread);
        var failing = ProjectJob(ProjectJobs.IdOf(2), projectSize, since);
        var tasks = failing.Tasks.ToList();
        tasks[0] = tasks[0] with { Status = JobStatuses.TaskFailed, Message = "NPU driver mismatch" };
        bot.Host.Simulator.Catalog.AddJob(failing with { Tasks = tasks, AbnormalCount = 1, UpdatedAt = bot.Clock.GetUtcNow().AddSeconds(1) });
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        await feed.RunOnceAsync(CancellationToken.None);

        Assert.Empty(bot.Connector.Calls);
        var post = Assert.Single(moved.Calls);
        Assert.Equal(("CREATE", "team-id"), (post.Method, post.ConversationId));
        Assert.Equal("🔴 load-00002: 1 task failed (NPU driver mismatch)", post.Said);
    }

    private static LiteServerJob ProjectJob(string id, int projectSize, DateTimeOffset since) =>
        ProjectJobs.TryCreate(id, projectSize, since, out var job) ? job : throw new InvalidOperationException(id);

    private static JsonObject Through(FakeConnector connector, JsonObject activity)
    {
        activity["serviceUrl"] = connector.ServiceUrl.ToString().TrimEnd('/');
        return activity;
    }
}
