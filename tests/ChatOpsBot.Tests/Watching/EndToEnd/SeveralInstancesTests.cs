using System.Diagnostics;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Xunit.Abstractions;
using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Real bot processes sharing one watch store: each piece of news reaches its conversation exactly once whichever
/// instance polls, an instance killed (-9) mid-round has its work taken over after the claim lease, and a repeat
/// happens only when it dies between a post and its mark. The complete list of connector calls is the evidence.
/// </summary>
public sealed class SeveralInstancesTests(ITestOutputHelper output)
{
    private const string FirstJob = ScriptedHistory.FailThenFinishId;
    private static readonly string[] Chats = ["a:chat-one", "a:chat-two", "a:chat-three"];
    private static readonly string[] WholeStory = [ThreeFailed, TwoMore, Finished];
    private const string SucceedsEnd = "✅ Job firmware-check finished: all 10 tasks succeeded";

    [Fact]
    public async Task Three_bots_on_one_PostgreSQL_post_each_piece_of_news_exactly_once()
    {
        await using var database = await FreshDatabaseAsync();
        await using var cluster = await BotCluster.StartAsync(3, database.Value.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            // Each conversation asks a different instance.
            await cluster.DeliverAsync(i, cluster.InChat(Chats[i], $"watch {FirstJob}"));
        }
        await cluster.DeliverAsync(2, cluster.InChat(Chats[0], $"watch {ScriptedHistory.SucceedsId}"));

        await PlayHistoryAsync(cluster);

        Report(cluster);
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[1]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[2]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[0]).Where(t => t != SucceedsEnd));
        Assert.Single(cluster.NewsTo(Chats[0]), SucceedsEnd);
    }

    [Fact]
    public async Task A_bot_killed_before_its_post_is_answered_has_its_news_taken_over_and_nothing_is_repeated()
    {
        await using var database = await FreshDatabaseAsync();
        await using var cluster = await BotCluster.StartAsync(3, database.Value.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await cluster.DeliverAsync(i, cluster.InChat(Chats[i], $"watch {FirstJob}"));
        }
        cluster.Connector.Hold(Chats[0], "POST");

        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(calls => calls.Any(c => c.ConversationId == Chats[0] && c.Text == ThreeFailed && c.AnsweredStatus == 0),
            "the first news to chat one, held unanswered");
        // Killed once the other conversations' news is marked: only chat one's post is in flight.
        await cluster.WaitForPendingNewsAsync(1, "the other conversations' news to be marked sent");
        var holder = Holder(cluster, Chats[0]);
        await cluster.KillBotAsync(holder);
        var killedAt = Stopwatch.StartNew();
        cluster.Connector.Allow(Chats[0]);
        await cluster.WaitForCallsAsync(calls => cluster.NewsTo(Chats[0]).Contains(ThreeFailed), "another bot to take the news over");
        var takeOver = killedAt.Elapsed;
        await PlayRestOfHistoryAsync(cluster);

        output.WriteLine($"bot {holder} killed while its post was unanswered; the news was posted by another bot {takeOver.TotalSeconds:F1} s later (lease {BotCluster.ClaimLease.TotalSeconds} s)");
        Report(cluster);
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[0]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[1]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[2]));
    }

    [Fact]
    public async Task A_bot_killed_between_its_post_and_its_mark_repeats_that_one_message_and_nothing_else()
    {
        await using var database = await FreshDatabaseAsync();
        await using var cluster = await BotCluster.StartAsync(3, database.Value.ConnectionString);
        for (var i = 0; i < 3; i++)
        {
            await cluster.DeliverAsync(i, cluster.InChat(Chats[i], $"watch {FirstJob}"));
        }
        // The card update that follows the news is never answered: the bot is stuck after the post, before the mark.
        cluster.Connector.Hold(Chats[0], "PUT");

        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(calls => calls.Any(c => c.ConversationId == Chats[0] && c.Method == "PUT" && c.AnsweredStatus == 0),
            "the news to chat one and its hanging card update");
        await cluster.WaitForPendingNewsAsync(1, "the other conversations' news to be marked sent");
        var holder = Holder(cluster, Chats[0]);
        await cluster.KillBotAsync(holder);
        var killedAt = Stopwatch.StartNew();
        cluster.Connector.Allow(Chats[0]);
        await cluster.WaitForCallsAsync(_ => cluster.NewsTo(Chats[0]).Count(t => t == ThreeFailed) == 2, "another bot to take the news over");
        var takeOver = killedAt.Elapsed;
        await PlayRestOfHistoryAsync(cluster);

        var repeats = Chats.Sum(chat => cluster.NewsTo(chat).Count - cluster.NewsTo(chat).Distinct().Count());
        output.WriteLine($"bot {holder} killed between post and mark; taken over {takeOver.TotalSeconds:F1} s later (lease {BotCluster.ClaimLease.TotalSeconds} s); repeats: {repeats}");
        Report(cluster);
        Assert.Equal(1, repeats);
        Assert.Equal([ThreeFailed, ThreeFailed, TwoMore, Finished], cluster.NewsTo(Chats[0]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[1]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[2]));
    }

    [Fact]
    public async Task Two_processes_on_one_SQLite_file_post_no_duplicate_and_the_second_stands_by()
    {
        await using var cluster = await BotCluster.StartAsync(2, postgres: null);
        await cluster.DeliverAsync(0, cluster.InChat(Chats[0], $"watch {FirstJob}"));
        await cluster.DeliverAsync(1, cluster.InChat(Chats[1], $"watch {FirstJob}"));

        await PlayHistoryAsync(cluster);

        Report(cluster);
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[0]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[1]));
        Assert.Single(new[] { cluster.Output(0), cluster.Output(1) }, o => o.Contains("this one stands by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostgreSQL_stopped_for_30_seconds_during_a_history_loses_and_repeats_nothing()
    {
        await using var server = await PostgresServer.StartOwnAsync();
        var database = new PostgresDatabase(server);
        await database.InitializeAsync();
        await using var dropped = new AsyncDisposableValue<PostgresDatabase>(database, database.DisposeAsync);
        await using var cluster = await BotCluster.StartAsync(2, database.ConnectionString + ";Timeout=3");
        await cluster.DeliverAsync(0, cluster.InChat(Chats[0], $"watch {FirstJob}"));
        await cluster.DeliverAsync(1, cluster.InChat(Chats[1], $"watch {FirstJob}"));
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(ThreeFailed)), "the first failures");
        await cluster.WaitForNoPendingNewsAsync("the first failures to be marked sent");

        await server.StopAsync();
        // More tasks fail while the database is down; the bots keep polling into a wall for 30 s.
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await Task.Delay(TimeSpan.FromSeconds(30));
        var duringOutage = Chats.Take(2).Select(c => cluster.NewsTo(c).Count).ToList();
        await server.StartAsync();
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(TwoMore)), "the news that came during the outage");
        await cluster.WaitForNoPendingNewsAsync("it to be marked sent");
        cluster.Clock.Advance(TimeSpan.FromMinutes(4));
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(Finished)), "the end");
        await cluster.WaitForNoPendingNewsAsync("the end to be marked sent");

        Report(cluster);
        Assert.Equal([1, 1], duringOutage);
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[0]));
        Assert.Equal(WholeStory, cluster.NewsTo(Chats[1]));
        Assert.Contains(new[] { cluster.Output(0), cluster.Output(1) }, o => o.Contains("Watch polling paused", StringComparison.Ordinal));
        Assert.Contains(new[] { cluster.Output(0), cluster.Output(1) }, o => o.Contains("Watch polling resumed", StringComparison.Ordinal));
    }

    // The scripted history: failures at 3 min, more at 6 min, the end at 9 min; each wave waited for.
    private static async Task PlayHistoryAsync(BotCluster cluster)
    {
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(ThreeFailed)), "the first failures");
        await PlayRestOfHistoryAsync(cluster);
    }

    private static async Task PlayRestOfHistoryAsync(BotCluster cluster)
    {
        await cluster.WaitForNoPendingNewsAsync("the first failures to be marked sent");
        cluster.Clock.Advance(TimeSpan.FromMinutes(3));
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(TwoMore)), "the second failures");
        await cluster.WaitForNoPendingNewsAsync("the second failures to be marked sent");
        cluster.Clock.Advance(TimeSpan.FromMinutes(4));
        await cluster.WaitForCallsAsync(_ => Chats.Take(2).All(c => cluster.NewsTo(c).Contains(Finished)), "the end");
        await cluster.WaitForNoPendingNewsAsync("the end to be marked sent");
    }

    // The bot that logged it was posting to this conversation: the one to kill.
    private static int Holder(BotCluster cluster, string conversationId)
    {
        var posting = $"to conversation {conversationId} (job {FirstJob}";
        var holders = Enumerable.Range(0, 3).Where(i => cluster.Output(i).Contains(posting, StringComparison.Ordinal)).ToList();
        return Assert.Single(holders);
    }

    private void Report(BotCluster cluster)
    {
        output.WriteLine("All connector calls:");
        foreach (var call in cluster.Connector.Calls)
        {
            output.WriteLine($"  {call.ConversationId}: {call.Describe()}");
        }
    }

    private static async Task<AsyncDisposableValue<PostgresDatabase>> FreshDatabaseAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return new AsyncDisposableValue<PostgresDatabase>(database, database.DisposeAsync);
    }
}
