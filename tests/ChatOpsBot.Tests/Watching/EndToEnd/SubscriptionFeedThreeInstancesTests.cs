using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The project feed's ModelArts cost with three real bot processes on one PostgreSQL, as
/// <see cref="SubscriptionFeedEndToEndTests"/> shows it for one: per round one list call across the three instances, and
/// only the changed jobs a subscription follows read in full, each once. A round is what the store records: each
/// recorded round moves the feed's next list time, which the test watches, reading the simulator's request counters at
/// each move.
/// </summary>
public sealed class SubscriptionFeedThreeInstancesTests(ITestOutputHelper output)
{
    private const int ProjectSize = 1_000;
    private const int Instances = 3;
    // Every instance tries a round this often; the store lets one of them list. Long enough that the test reads the
    // counters after a round is recorded well before the next round lists.
    private static readonly TimeSpan ListPollInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Chats = ["a:feed-chat-one", "a:feed-chat-two", "a:feed-chat-three"];

    [Fact]
    public async Task Three_bots_on_one_PostgreSQL_cost_one_list_call_a_round_and_3_detail_reads_when_3_of_1000_jobs_change()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        await using var dropped = new AsyncDisposableValue<PostgresDatabase>(database, database.DisposeAsync);
        // The simulator's clock stands still: the histories it plays never change, so the only changes are the test's.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = BotTestHost.AccessKey,
            SecretKey = BotTestHost.SecretKey,
            ProjectId = BotTestHost.ProjectId,
        }, clock);
        var since = clock.GetUtcNow();
        for (var number = 1; number <= ProjectSize; number++)
        {
            simulator.Catalog.AddJob(Generated(ProjectJobs.IdOf(number), since));
        }
        await using var connector = await FakeConnector.StartAsync();
        var bots = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => BotProcess.StartAsync(Environment(simulator, database))));
        await using var stopBots = new AsyncDisposableValue<BotProcess[]>(bots, async () =>
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        });
        await using var rounds = FeedRounds.Start(database.ConnectionString, simulator.Catalog);

        // Each conversation subscribes through a different instance, as Teams would spread them.
        for (var i = 0; i < Instances; i++)
        {
            using var response = await bots[i].Http.PostAsync(new Uri("api/messages", UriKind.Relative),
                JsonContent(InChat(Chats[i], "subscribe name load-", connector.ServiceUrl)));
            Assert.True(response.IsSuccessStatusCode, $"Bot {i} answered {(int)response.StatusCode}.");
        }
        // The first round learns the project (the 142 jobs failing before the subscriptions are read, noted, not told);
        // one quiet round follows.
        await WaitAsync(() => rounds.Recorded.Count >= 2 && rounds.Recorded[^1].Reads >= 142, "the learning round and a quiet one", bots, rounds);

        string[] changed = [ProjectJobs.IdOf(1), ProjectJobs.IdOf(500), ProjectJobs.IdOf(1000)];
        // The bots' clock is the real one: the change comes after the subscriptions were made, in their time.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var roundsBeforeChange = rounds.Recorded.Count;
        foreach (var id in changed)
        {
            simulator.Catalog.AddJob(WithFailedTask(id, since, now));
        }
        // A job that has already finished says so in the same post (its end is not told again).
        string[] news = [.. changed.Select(id => $"🔴 load-{id[^5..]}: 1 task failed (NPU driver mismatch)"
            + (Generated(id, since).Status == JobStatuses.Finished ? "; the job finished" : ""))];
        await WaitAsync(() => Chats.All(chat => NewsTo(connector, chat).Count == changed.Length)
            && rounds.Recorded.Count >= roundsBeforeChange + 3, "the news to every chat and two quiet rounds after it", bots, rounds);
        await rounds.DisposeAsync();

        var recorded = rounds.Recorded;
        var perRound = recorded.Select((r, i) => i == 0 ? r : r with { Lists = r.Lists - recorded[i - 1].Lists, Reads = r.Reads - recorded[i - 1].Reads }).ToList();
        output.WriteLine("Rounds as recorded (list calls, detail reads):");
        foreach (var round in perRound)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  next list at {round.NextListAtMs}: {round.Lists} list, {round.Reads} reads"));
        }
        Assert.Equal((1, 142), (perRound[0].Lists, perRound[0].Reads));
        Assert.All(perRound, round => Assert.Equal(1, round.Lists));
        // A round may start only once the one before said the next list is due: across the three, one an interval.
        Assert.All(recorded.Zip(recorded.Skip(1)), pair =>
            Assert.True(pair.Second.NextListAtMs - pair.First.NextListAtMs >= ListPollInterval.TotalMilliseconds, $"{pair.First} then {pair.Second}"));
        Assert.Equal([changed.Length], perRound.Skip(1).Select(r => r.Reads).Where(reads => reads > 0));
        Assert.All(changed, id => Assert.Equal(1, simulator.Catalog.DetailReadsOf(id)));
        Assert.All(Chats, chat => Assert.Equal(news, NewsTo(connector, chat).Order(StringComparer.Ordinal)));
    }

    private static Dictionary<string, string?> Environment(SimulatorHost simulator, PostgresDatabase database) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DevelopmentSimulator__Enabled"] = "false",
        ["ModelArts__Endpoint"] = simulator.BaseAddress.ToString(),
        ["ModelArts__ProjectId"] = BotTestHost.ProjectId,
        ["ModelArts__AccessKey"] = BotTestHost.AccessKey,
        ["ModelArts__SecretKey"] = BotTestHost.SecretKey,
        ["ModelArts__AttemptTimeout"] = "00:00:10",
        ["ModelArts__TotalTimeout"] = "00:00:20",
        ["Watching__ListPollInterval"] = ListPollInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Watching__ClaimLease"] = "00:00:30",
        ["Watching__Store"] = "Postgres",
        ["ConnectionStrings__Watches"] = database.ConnectionString,
    };

    private static JsonObject InChat(string conversationId, string text, Uri serviceUrl)
    {
        var activity = RecordedActivity.PersonalText(text, serviceUrl);
        activity["conversation"]!["id"] = conversationId;
        return activity;
    }

    private static StringContent JsonContent(JsonObject activity) => new(activity.ToJsonString(), Encoding.UTF8, "application/json");

    private static IReadOnlyList<string> NewsTo(FakeConnector connector, string chat) =>
        [.. connector.Calls.Where(c => c.Method == "POST" && c.ConversationId == chat && c.Said is { } text && text.StartsWith("🔴", StringComparison.Ordinal))
            .Select(c => c.Said!)];

    private async Task WaitAsync(Func<bool> done, string what, BotProcess[] bots, FeedRounds rounds)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > Patience)
            {
                var recorded = string.Join("\n", rounds.Recorded.Select(r => $"  {r}"));
                Assert.Fail($"Waited {Patience.TotalSeconds} s for {what}. Rounds:\n{recorded}\n"
                    + string.Concat(bots.Select((b, i) => $"--- bot {i} ---\n{(b.Output.Length <= 4000 ? b.Output : b.Output[^4000..])}\n")));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        output.WriteLine($"{what}: after {waited.Elapsed.TotalSeconds:F1} s");
    }

    private static LiteServerJob Generated(string id, DateTimeOffset since) =>
        ProjectJobs.TryCreate(id, ProjectSize, since, out var job) ? job : throw new InvalidOperationException(id);

    // One more task FAILED than the generated job has, the row's count and update time following.
    private static LiteServerJob WithFailedTask(string id, DateTimeOffset since, DateTimeOffset now)
    {
        var job = Generated(id, since);
        var tasks = job.Tasks.ToList();
        var index = tasks.FindIndex(t => t.Status != JobStatuses.TaskFailed);
        tasks[index] = tasks[index] with { Status = JobStatuses.TaskFailed, Message = "NPU driver mismatch" };
        return job with { Tasks = tasks, AbnormalCount = tasks.Count(t => t.Status == JobStatuses.TaskFailed), UpdatedAt = now };
    }

    /// <summary>
    /// Watches the feed's next list time in the store: each new value is a round recorded, taken with the simulator's
    /// list calls and detail reads so far. Every 20 ms, far inside the 3 s between rounds.
    /// </summary>
    private sealed class FeedRounds : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<RecordedRound> _recorded = [];
        private Task _watching = Task.CompletedTask;

        public IReadOnlyList<RecordedRound> Recorded
        {
            get
            {
                lock (_recorded)
                {
                    return [.. _recorded];
                }
            }
        }

        public static FeedRounds Start(string connectionString, JobCatalog catalog)
        {
            var rounds = new FeedRounds();
            rounds._watching = rounds.WatchAsync(connectionString, catalog);
            return rounds;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }
            await _watching;
            _stop.Dispose();
        }

        private async Task WatchAsync(string connectionString, JobCatalog catalog)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            long last = 0;
            while (!_stop.IsCancellationRequested)
            {
                // No row before the first claim; a claimed feed not yet listed says 0.
                await using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(next_list_at_ms), 0) FROM feeds", connection))
                {
                    var next = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                    if (next != last && next != 0)
                    {
                        last = next;
                        lock (_recorded)
                        {
                            _recorded.Add(new RecordedRound(next, catalog.ListRequestCount, catalog.DetailReadCount));
                        }
                    }
                }
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private sealed record RecordedRound(long NextListAtMs, int Lists, int Reads);
}
