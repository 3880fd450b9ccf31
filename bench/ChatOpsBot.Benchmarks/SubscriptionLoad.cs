using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using Npgsql;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// The subscription feed under a large project, measured from outside the bot as an operator would: the bot is its own
/// process (its peak working set is the kernel's high-water mark of that process alone); the simulator runs in this
/// driver's process, apart from the bot, on a clock that stands still (only the driver changes the project); a loopback
/// connector answers the posts. A round is timed from the list call the simulator receives to the last connector call
/// of the news it brings.
/// </summary>
internal static class SubscriptionLoad
{
    private const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(SubscriptionLoadOptions options)
    {
        var accessKey = "BENCH" + RandomNumberGenerator.GetHexString(16);
        var secretKey = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var generatedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = Stopwatch.StartNew();
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = accessKey,
            SecretKey = secretKey,
            ProjectId = ProjectId,
            ProjectJobs = options.Jobs,
            Latency = TimeSpan.FromMilliseconds(options.LatencyMs),
            // The simulator's clock stands still while the bot signs with real time.
            MaxClockSkew = TimeSpan.FromDays(1),
        }, new StandingClock(generatedAt)).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var connector = await SubscriptionConnector.StartAsync(clock).ConfigureAwait(false);
            await using (connector.ConfigureAwait(false))
            {
                var folder = Directory.CreateTempSubdirectory("chatopsbot-subscriptions-bench-");
                var database = options.Postgres ? await CreateDatabaseAsync(options.PostgresServer!).ConfigureAwait(false) : null;
                try
                {
                    var environment = new Dictionary<string, string?>
                    {
                        ["ASPNETCORE_ENVIRONMENT"] = "Development",
                        ["DOTNET_ENVIRONMENT"] = null,
                        ["DevelopmentSimulator__Enabled"] = "false",
                        ["ModelArts__Endpoint"] = simulator.BaseAddress.ToString(),
                        ["ModelArts__ProjectId"] = ProjectId,
                        ["ModelArts__AccessKey"] = accessKey,
                        ["ModelArts__SecretKey"] = secretKey,
                        ["Watching__ListPollInterval"] = TimeSpan.FromSeconds(options.IntervalSeconds).ToString("c", CultureInfo.InvariantCulture),
                        ["Watching__DataFolder"] = folder.FullName,
                        ["Watching__Store"] = options.Postgres ? "Postgres" : "Sqlite",
                        ["ConnectionStrings__Watches"] = database?.ConnectionString,
                        ["Security__CommandsPerUserPerMinute"] = "1000000",
                        ["Security__CommandsPerConversationPerMinute"] = "1000000",
                        ["Logging__LogLevel__Default"] = "Information",
                        ["Logging__LogLevel__Microsoft"] = "Warning",
                        ["Logging__LogLevel__System.Net.Http"] = "Warning",
                    };
                    var bot = await ChildDotnetProcess.StartAsync("ChatOpsBot.dll", environment, CancellationToken.None).ConfigureAwait(false);
                    await using (bot.ConfigureAwait(false))
                    {
                        var traffic = SimulatorTraffic.Start(simulator.Catalog, clock);
                        await using (traffic.ConfigureAwait(false))
                        {
                            await MeasureAsync(options, new Bench(bot, simulator, connector, traffic, clock,
                                new StoreRows(database?.ConnectionString, Path.Combine(folder.FullName, "watches.db"))), generatedAt).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    if (database is not null)
                    {
                        await DropDatabaseAsync(database).ConfigureAwait(false);
                    }
                    folder.Delete(recursive: true);
                }
            }
        }
    }

    private static async Task MeasureAsync(SubscriptionLoadOptions options, Bench bench, DateTimeOffset generatedAt)
    {
        Console.WriteLine(Format($"Subscriptions: a project of {options.Jobs:N0} generated jobs (every 7th failing, every 3rd ASCEND_HDK_UPGRADE), ")
            + Format($"{options.Conversations} subscribed conversations, {options.Changes} jobs changing a round ({options.Failing} first failures, ")
            + Format($"1 failing again, {options.Changes - options.Failing - 1} moving on), simulator latency {options.LatencyMs} ms, ")
            + Format($"list every {options.IntervalSeconds} s, store {(options.Postgres ? "PostgreSQL" : "SQLite")}, ")
            + Format($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; the simulator in the driver's process, the bot alone in its own"));
        var listBytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(bench.Simulator.Catalog.ListedJobs().ToList()).Length;
        Console.WriteLine(Format($"the list answer: {bench.Simulator.Catalog.ListedJobs().Count():N0} rows, about {listBytes / 1024.0 / 1024.0:F1} MB of JSON"));
        Console.WriteLine(Format($"bot at start: working set {Mb(WorkingSet(bench.Bot.Process))} MB"));

        var conversations = Enumerable.Range(0, options.Conversations).Select(BenchConversation.Of).ToList();
        var subscribing = Stopwatch.StartNew();
        using (var http = new HttpClient { BaseAddress = bench.Bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) })
        {
            foreach (var conversation in conversations)
            {
                using var response = await http.PostAsJsonAsync("/api/messages", conversation.Activity(bench.Connector.ServiceUrl)).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))?["activities"]?[0]?["text"]?.GetValue<string>() ?? "";
                if (!reply.StartsWith("Subscribed", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Conversation {conversation.ConversationId} typed '{conversation.Command}' and got: {reply}");
                }
            }
        }
        Console.WriteLine(Format($"subscribed {conversations.Count} conversations in {subscribing.Elapsed.TotalSeconds:F1} s ")
            + Format($"({conversations.Count(c => c.IsChannel)} channels, {conversations.Count(c => c.NamePrefix is not null)} by name, {conversations.Count(c => c.JobType is not null)} by type)"));

        // The first round learns the project: jobs failing before the subscriptions are read once and noted, not told.
        await WaitAsync(() => bench.Traffic.ListSeenAt(1) is not null, TimeSpan.FromSeconds(options.IntervalSeconds * 2 + 60), "the first list call").ConfigureAwait(false);
        var learningStart = bench.Traffic.ListSeenAt(1)!.Value;
        // Every job failing now is followed by the conversations that hear of every job: each is read once.
        var failingNow = bench.Simulator.Catalog.ListedJobs().Count(r => r.AbnormalCount > 0);
        await WaitAsync(() => bench.Traffic.Reads >= failingNow, TimeSpan.FromMinutes(20), $"the learning round's {failingNow:N0} reads").ConfigureAwait(false);
        var learningCpu = Cpu(bench.Bot.Process);
        var learningDone = await WaitForQuietAsync(bench).ConfigureAwait(false);
        Console.WriteLine(Format($"round 0 (learning): {bench.Traffic.Reads:N0} detail reads (expected {failingNow:N0}), {bench.Traffic.Lists} list call(s), ")
            + Format($"{(bench.Traffic.LastReadAt - learningStart).TotalSeconds:F1} s from the list call to the last read, ")
            + Format($"{(learningDone - learningStart).TotalSeconds:F1} s to the bot idle (the round recorded; {(Cpu(bench.Bot.Process) - learningCpu).TotalSeconds:F1} s of CPU after the last read), ")
            + Format($"store: {await bench.Store.DescribeAsync().ConfigureAwait(false)}, ")
            + Format($"{bench.Connector.Count} posts; bot working set {Mb(WorkingSet(bench.Bot.Process))} MB, peak so far {Mb(PeakWorkingSet(bench.Bot.Process))} MB"));

        Console.WriteLine("| round | list calls | detail reads | posts (new / replies / card updates) | list → first post | list → last post | bot CPU | most calls into one conversation within 1 s | working set | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var changes = new ProjectChanges(options.Jobs, generatedAt);
        var roundTimes = new List<double>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            roundTimes.Add(await RunRoundAsync(round, options, bench, changes, conversations).ConfigureAwait(false));
        }
        roundTimes.Sort();
        Console.WriteLine(Format($"round time (list call → last post): median {roundTimes[roundTimes.Count / 2]:F2} s, min {roundTimes[0]:F2} s, max {roundTimes[^1]:F2} s"));
        Console.WriteLine(Format($"bot peak working set (VmHWM, whole run): {Mb(PeakWorkingSet(bench.Bot.Process))} MB; now {Mb(WorkingSet(bench.Bot.Process))} MB; ")
            + Format($"CPU {bench.Bot.Process.TotalProcessorTime.TotalSeconds:F1} s in all; store: {await bench.Store.DescribeAsync().ConfigureAwait(false)}"));
    }

    private static async Task<double> RunRoundAsync(int round, SubscriptionLoadOptions options, Bench bench, ProjectChanges changes,
        IReadOnlyList<BenchConversation> conversations)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var changed = changes.Next(options.Changes, options.Failing, now);
        var (expectedNew, expectedReplies) = Expected(changed, conversations);
        var callsBefore = bench.Connector.Count;
        var readsBefore = bench.Traffic.Reads;
        var cpuBefore = Cpu(bench.Bot.Process);
        foreach (var job in changed.All)
        {
            bench.Simulator.Catalog.AddJob(job);
        }
        var listsBefore = bench.Traffic.Lists;
        await WaitAsync(() => bench.Traffic.ListSeenAt(listsBefore + 1) is not null, TimeSpan.FromSeconds(options.IntervalSeconds * 2 + 600), $"round {round}'s list call")
            .ConfigureAwait(false);
        var listAt = bench.Traffic.ListSeenAt(listsBefore + 1)!.Value;
        var expectedCalls = expectedNew + 2 * expectedReplies;
        await WaitAsync(() => bench.Connector.Count - callsBefore >= expectedCalls, TimeSpan.FromMinutes(5), $"round {round}'s {expectedCalls} connector calls")
            .ConfigureAwait(false);
        await WaitForQuietAsync(bench).ConfigureAwait(false);

        var calls = bench.Connector.Calls.Skip(callsBefore).ToList();
        var lists = bench.Traffic.Lists - listsBefore;
        var reads = bench.Traffic.Reads - readsBefore;
        var newPosts = calls.Count(c => c.Kind == "CREATE") + calls.Count(c => c.Kind == "POST") - calls.Count(c => c.Kind == "PUT");
        var replies = calls.Count(c => c.Kind == "PUT");
        var firstPost = calls.Count > 0 ? calls.Min(c => c.At) - listAt : TimeSpan.Zero;
        var lastPost = calls.Count > 0 ? calls.Max(c => c.At) - listAt : TimeSpan.Zero;
        // A channel's threads counted with the channel: the strictest reading of Teams' limit.
        var busiest = calls.Count == 0 ? 0 : calls.GroupBy(c => c.ConversationId.Split(";messageid=")[0]).Max(g => MostWithinOneSecond(g.Select(c => c.At)));
        Console.WriteLine(Format($"| {round} | {lists} | {reads} (expected {changed.Failing}) | {calls.Count - replies} ({newPosts} / {replies} / {replies}; ")
            + Format($"expected {expectedNew} / {expectedReplies} / {expectedReplies}) | {firstPost.TotalSeconds:F2} s | {lastPost.TotalSeconds:F2} s | ")
            + Format($"{(Cpu(bench.Bot.Process) - cpuBefore).TotalSeconds:F2} s | {busiest} | {Mb(WorkingSet(bench.Bot.Process))} MB (peak {Mb(PeakWorkingSet(bench.Bot.Process))}) | {LoadAverage()} |"));
        return lastPost.TotalSeconds;
    }

    // Teams allows a bot about 7 messages a second into one conversation: the most this round sent within any second.
    private static int MostWithinOneSecond(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        for (int first = 0, last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }
            most = Math.Max(most, last - first + 1);
        }
        return most;
    }

    // Posts the round must make: each first failure (and, in the first round, the job failing again) opens a post in
    // every conversation that follows it; later news is a reply in its thread and the post's card updated in place.
    private static (int NewPosts, int Replies) Expected(RoundChanges changed, IReadOnlyList<BenchConversation> conversations)
    {
        int Following(ModelArts.Models.LiteServerJob job) => conversations.Count(c => c.Follows(job.Name ?? "", job.Type ?? ""));
        var newPosts = changed.FirstFailures.Sum(Following) + (changed.AgainHasThread ? 0 : Following(changed.Again));
        return (newPosts, changed.AgainHasThread ? Following(changed.Again) : 0);
    }

    // Until neither the simulator nor the connector has seen a request for a while and the bot has stopped working
    // (it records a round after its last read): the round's work is over. Returns when the bot was last busy.
    private static async Task<TimeSpan> WaitForQuietAsync(Bench bench)
    {
        var last = (bench.Traffic.Lists, bench.Traffic.Reads, bench.Connector.Count);
        var cpu = Cpu(bench.Bot.Process);
        var busyAt = bench.Clock.Elapsed;
        var since = Stopwatch.StartNew();
        while (since.Elapsed < Quiet)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            var now = (bench.Traffic.Lists, bench.Traffic.Reads, bench.Connector.Count);
            var cpuNow = Cpu(bench.Bot.Process);
            // Idle: less than 5 % of a core over the half second (timers and the GC).
            if (now != last || cpuNow - cpu > TimeSpan.FromMilliseconds(25))
            {
                last = now;
                busyAt = bench.Clock.Elapsed;
                since.Restart();
            }
            cpu = cpuNow;
        }
        return busyAt;
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan patience, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!done())
        {
            if (waited.Elapsed > patience)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds:F0} s for {what}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10)).ConfigureAwait(false);
        }
    }

    // The machine's neighbours: wall-clock figures mean little when the cores are shared.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static long WorkingSet(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    // VmHWM: the kernel's high-water mark of the process's resident set.
    private static long PeakWorkingSet(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static async Task<PostgresBenchDatabase> CreateDatabaseAsync(string server)
    {
        var name = $"chatopsbot_subbench_{Guid.NewGuid():N}";
        await ExecuteAsync(server, $"CREATE DATABASE {name}").ConfigureAwait(false);
        return new PostgresBenchDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    private static Task DropDatabaseAsync(PostgresBenchDatabase database) =>
        ExecuteAsync(database.Server, $"DROP DATABASE IF EXISTS {database.Name} WITH (FORCE)");

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }

    private sealed record PostgresBenchDatabase(string Server, string Name, string ConnectionString);

    private sealed record Bench(ChildDotnetProcess Bot, SimulatorHost Simulator, SubscriptionConnector Connector, SimulatorTraffic Traffic, Stopwatch Clock,
        StoreRows Store);
}
