using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Real bot processes on one PostgreSQL database posting into the threads of one channel: Teams limits a bot per
/// conversation (a channel with its threads), so whichever instance posts, the news keeps the pace set by
/// <c>Watching:ConversationPostInterval</c> (1 s per Teams operation: a news post and its card update are two), and a
/// 429 keeps every instance out of the channel for its Retry-After, after which the news arrives once. The times are
/// the fake connector's, as it received each call.
/// </summary>
public sealed class ConversationPaceEndToEndTests(ITestOutputHelper output)
{
    private const string FirstJob = ScriptedHistory.FailThenFinishId;
    private const string Channel = "team-id";
    private static readonly string[] Threads = [$"{Channel};messageid=100", $"{Channel};messageid=200", $"{Channel};messageid=300"];
    private static readonly TimeSpan Gap = TimeSpan.FromSeconds(1);

    // The connector reads its clock when a call arrives, a little after the bot's turn came (the bot's own work, HTTP):
    // a post delayed that way comes nearer to the next one, which was on time. Generous, for a loaded machine.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(750);

    [Fact]
    public async Task Three_bots_posting_into_the_threads_of_one_channel_keep_its_pace()
    {
        await using var database = await FreshDatabaseAsync();
        await using var cluster = await BotCluster.StartAsync(3, database.Value.ConnectionString);
        for (var i = 0; i < Threads.Length; i++)
        {
            await cluster.DeliverAsync(i, InThread(cluster, Threads[i], $"watch {FirstJob}"));
        }

        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Threads.All(t => cluster.NewsTo(t).Contains(ThreeFailed)), "the first failures in every thread");
        await cluster.WaitForNoPendingNewsAsync("the first failures to be marked sent");
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Threads.All(t => cluster.NewsTo(t).Contains(TwoMore)), "the second failures in every thread");
        await cluster.WaitForNoPendingNewsAsync("the second failures to be marked sent");

        var news = NewsPosts(cluster);
        Report(cluster, CallsToChannel(cluster));
        Assert.All(Threads, t => Assert.Equal([ThreeFailed, TwoMore], cluster.NewsTo(t)));
        // Each news is a post and its card's update: two turns of the pace, so news is at least two gaps apart.
        Assert.Equal(6, news.Count);
        for (var i = 1; i < news.Count; i++)
        {
            var apart = news[i].ReceivedAt - news[i - 1].ReceivedAt;
            Assert.True(apart >= Gap * 2 - Tolerance, $"news {i - 1} and {i} arrived {apart.TotalMilliseconds:F0} ms apart");
        }
    }

    [Fact]
    public async Task A_429_keeps_every_bot_out_of_the_channel_for_its_Retry_After_then_the_news_arrives_once()
    {
        var retryAfter = TimeSpan.FromSeconds(4);
        await using var database = await FreshDatabaseAsync();
        await using var cluster = await BotCluster.StartAsync(2, database.Value.ConnectionString);
        await cluster.DeliverAsync(0, InThread(cluster, Threads[0], $"watch {FirstJob}"));
        await cluster.DeliverAsync(1, InThread(cluster, Threads[1], $"watch {FirstJob}"));
        cluster.Connector.ThrottleOnce(Channel, retryAfter);

        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Threads.Take(2).All(t => cluster.NewsTo(t).Contains(ThreeFailed)), "the first failures in both threads");
        await cluster.WaitForNoPendingNewsAsync("the first failures to be marked sent");

        var calls = CallsToChannel(cluster).Where(c => c.Text != $"Watching job {FirstJob}" && c.ReceivedAt >= FirstNews(cluster)).ToList();
        Report(cluster, calls);
        var throttled = calls[0];
        Assert.Equal(429, throttled.AnsweredStatus);
        Assert.Equal(ThreeFailed, throttled.Text);
        Assert.Single(calls, c => c.AnsweredStatus == 429);
        Assert.All(Threads.Take(2), t => Assert.Equal([ThreeFailed], cluster.NewsTo(t)));
        // Nothing went into the channel, from either bot, before Retry-After had passed.
        Assert.All(calls.Skip(1), c => Assert.True(c.ReceivedAt - throttled.ReceivedAt >= retryAfter,
            $"{c.Describe()} came {(c.ReceivedAt - throttled.ReceivedAt).TotalMilliseconds:F0} ms after the 429"));
    }

    private static JsonObject InThread(BotCluster cluster, string conversationId, string command)
    {
        var activity = RecordedActivity.ChannelText(command, cluster.Connector.ServiceUrl);
        activity["conversation"]!["id"] = conversationId;
        return activity;
    }

    private static List<ConnectorCall> CallsToChannel(BotCluster cluster) =>
        [.. cluster.Connector.Calls.Where(c => c.ConversationId.StartsWith(Channel + ";", StringComparison.Ordinal)).OrderBy(c => c.ReceivedAt)];

    private static List<ConnectorCall> NewsPosts(BotCluster cluster) =>
        [.. CallsToChannel(cluster).Where(c => c.Method == "POST" && c.AnsweredStatus is >= 200 and < 300 && c.Text is ThreeFailed or TwoMore)];

    private static DateTimeOffset FirstNews(BotCluster cluster) =>
        CallsToChannel(cluster).First(c => c.Text == ThreeFailed).ReceivedAt;

    private void Report(BotCluster cluster, List<ConnectorCall> calls)
    {
        output.WriteLine("Connector calls to the channel, as received:");
        var start = calls.Count > 0 ? calls[0].ReceivedAt : DateTimeOffset.UtcNow;
        foreach (var call in calls)
        {
            output.WriteLine($"  +{(call.ReceivedAt - start).TotalSeconds,6:F2} s  {call.ConversationId}: {call.Describe()}");
        }
        output.WriteLine($"({cluster.Connector.Calls.Count} connector calls in all)");
    }

    private static async Task<AsyncDisposableValue<PostgresDatabase>> FreshDatabaseAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return new AsyncDisposableValue<PostgresDatabase>(database, database.DisposeAsync);
    }
}
