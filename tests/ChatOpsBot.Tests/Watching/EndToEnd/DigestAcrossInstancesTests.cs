using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Three bot processes on one PostgreSQL database, each claiming one delivery at a time, so the five first news of the
/// simulator's burst are sent by whichever instance gets them, at the same moment: still three job posts, one digest
/// post and one update of it. Racing instances do not open two digests for one window, and no job is posted twice.
/// </summary>
public sealed class DigestAcrossInstancesTests(ITestOutputHelper output)
{
    private const string Chat = "a:chat-burst";

    [Fact]
    public async Task Three_instances_sending_one_burst_at_once_post_three_jobs_and_one_digest_updated_once()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await using var cluster = await BotCluster.StartAsync(3, database.ConnectionString, new Dictionary<string, string?>
            {
                ["Watching__ListPollInterval"] = "00:00:01",
                ["Watching__JobsPerClaim"] = "1",
                // Long enough that no claim or digest lease lapses on a loaded machine: a lapse is the documented repeat,
                // not what this test is about.
                ["Watching__ClaimLease"] = "00:00:30",
            });
            await cluster.DeliverAsync(0, cluster.InChat(Chat, "subscribe name hdk-upgrade-pool-b-"));
            // The feed's first list call starts the project history's clock (a second one means the first has been answered);
            // then all five upgrades fail at once for the bots.
            await cluster.WaitForCallsAsync(_ => cluster.Simulator.Catalog.ListRequestCount > 1, "the feed's second list call");
            cluster.Clock.Advance(TimeSpan.FromMinutes(9));
            await cluster.WaitForCallsAsync(calls => calls.Count(c => c.ConversationId == Chat && c.Card is not null) >= 5, "the burst's posts");
            await WaitForNoPendingSubscriptionNewsAsync(database.ConnectionString);

            var news = cluster.Connector.Calls.Where(c => c.ConversationId == Chat && c.Card is not null).ToList();
            foreach (var call in news)
            {
                output.WriteLine($"{call.Method} {call.ActivityId} {call.Said}");
            }
            var jobPosts = news.Where(c => c.Method == "POST" && !IsDigest(c)).ToList();
            var digestPost = Assert.Single(news, c => c.Method == "POST" && IsDigest(c));
            var digestUpdate = Assert.Single(news, c => c.Method == "PUT");
            Assert.Equal(3, jobPosts.Count);
            Assert.Equal(3, jobPosts.Select(c => c.Said).Distinct().Count());
            Assert.Equal(5, news.Count);
            Assert.True(IsDigest(digestUpdate));
            Assert.NotNull(digestUpdate.ActivityId);
            Assert.StartsWith("🔴 1 more job is failing: hdk-upgrade-pool-b-0", digestPost.Said, StringComparison.Ordinal);
            Assert.StartsWith("🔴 2 more jobs are failing: hdk-upgrade-pool-b-0", digestUpdate.Said, StringComparison.Ordinal);
            // Every upgrade is named exactly once: three in their own posts, two in the digest.
            var named = jobPosts.Select(c => c.Said!).Append(digestUpdate.Said!).ToList();
            Assert.All(Enumerable.Range(1, ProjectHistory.BurstSize), n =>
                Assert.Single(named, text => text.Contains("hdk-upgrade-pool-b-0" + n, StringComparison.Ordinal)));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    private static bool IsDigest(ConnectorCall call) => call.Card!.ToJsonString().Contains("started failing", StringComparison.Ordinal);

    private static async Task WaitForNoPendingSubscriptionNewsAsync(string connectionString)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var connection = new NpgsqlConnection(unpooled);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM subscription_deliveries WHERE done_at_ms IS NULL", connection);
            if ((long)(await command.ExecuteScalarAsync())! == 0)
            {
                return;
            }
            Assert.True(waited.Elapsed < BotCluster.Patience, "The burst's news was still pending after the cluster's patience.");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }
}
