using System.Diagnostics;
using System.Globalization;
using ChatOpsBot.ModelArts;
using ChatOpsBot.Simulator;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// A load driver, not a BenchmarkDotNet benchmark: one polling round is many seconds of network waits, so it is timed
/// as it runs. The real <see cref="JobWatchPoller"/> (one or several instances) and the real store (a SQLite file, or
/// PostgreSQL shared by the instances) and the real signed
/// ModelArts client, against the simulator on loopback answering synthetic jobs after a fixed latency; the notifier
/// does nothing, so the figures are the poller's own. Every watch is due at each round, the worst case.
/// </summary>
internal static class PollerLoad
{
    private const string AccessKey = "BENCHACCESSKEY00000001";
    private const string SecretKey = "bench-secret-key-0123456789abcdefghijk";
    private const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const int FailedReasons = 4;

    public static async Task RunAsync(PollerLoadOptions options)
    {
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            ProjectId = ProjectId,
            Latency = TimeSpan.FromMilliseconds(options.LatencyMs),
        }).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var folder = Directory.CreateTempSubdirectory("chatopsbot-poller-bench-");
            try
            {
                await RunAsync(options, simulator, folder.FullName).ConfigureAwait(false);
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                folder.Delete(recursive: true);
            }
        }
    }

    private static async Task RunAsync(PollerLoadOptions options, SimulatorHost simulator, string dataFolder)
    {
        var clock = new MovableClock();
        var notifier = new NoOpWatchNotifier();
        var warnings = new WarningCounter();
        var providers = Enumerable.Range(0, options.Instances).Select(_ => Instance(options, simulator, dataFolder, clock, notifier, warnings)).ToList();
        try
        {
            var store = providers[0].GetRequiredService<IWatchStore>();
            var pollers = providers.Select(p => p.GetRequiredService<JobWatchPoller>()).ToList();
            await store.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
            if (options.Postgres is not null)
            {
                await EmptyAsync(options.Postgres).ConfigureAwait(false);
            }

            Console.WriteLine(Format($"Watch poller: {options.Watches:N0} watches = {options.Jobs:N0} jobs × {options.WatchersPerJob} conversations, ") +
                Format($"{options.TasksPerJob} tasks a job, simulator latency {options.LatencyMs} ms, MaxConcurrency {options.Concurrency} per instance, ") +
                Format($"{options.Instances} instance(s) on {(options.Postgres is null ? "SQLite" : "PostgreSQL")}, ") +
                Format($"{Environment.ProcessorCount} cores, .NET {Environment.Version}"));
            var setup = Stopwatch.StartNew();
            await AddWatchesAsync(store, options, clock.GetUtcNow()).ConfigureAwait(false);
            Console.WriteLine(Format($"setup: {options.Watches:N0} watches added in {setup.Elapsed.TotalSeconds:F1} s (one transaction each)"));
            var floor = TimeSpan.FromMilliseconds((double)options.Jobs * options.LatencyMs / options.Concurrency / options.Instances);
            Console.WriteLine(Format($"floor: {options.Jobs:N0} reads × {options.LatencyMs} ms / ({options.Concurrency} at a time × {options.Instances}) = {floor.TotalSeconds:F1} s a round"));

            for (var round = 1; round <= options.Rounds; round++)
            {
                // Every watch was rescheduled at most PollInterval × 1.1 (66 s) ahead: all are due again.
                clock.Advance(TimeSpan.FromSeconds(70));
                GC.Collect();
                var requestsBefore = simulator.Catalog.RequestCount;
                var transactionsBefore = PollerLoadCountingStore.Transactions;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var gen2Before = GC.CollectionCount(2);
                var warningsBefore = warnings.Count;
                // From the first claim to the last write: the instances' rounds run side by side, as separate bots would.
                var elapsed = Stopwatch.StartNew();
                await Task.WhenAll(pollers.Select(p => Task.Run(() => p.RunOnceAsync(CancellationToken.None)))).ConfigureAwait(false);
                elapsed.Stop();
                var requests = simulator.Catalog.RequestCount - requestsBefore;
                var transactions = PollerLoadCountingStore.Transactions - transactionsBefore;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                using var process = Process.GetCurrentProcess();
                Console.WriteLine(
                    Format($"round {round}: {elapsed.Elapsed.TotalSeconds:F1} s; {requests:N0} ModelArts requests ({(double)requests / options.Jobs:F2} per job); ") +
                    Format($"{transactions:N0} store transactions; {notifier.Notifications} notifications, {notifier.CardUpdates} card updates; ") +
                    Format($"{warnings.Count - warningsBefore} warnings; allocated {allocated / 1_048_576.0:N0} MB, ") +
                    Format($"{GC.CollectionCount(2) - gen2Before} gen2 GCs, GC heap after {GC.GetTotalMemory(forceFullCollection: false) / 1_048_576.0:N0} MB, ") +
                    Format($"working set {process.WorkingSet64 / 1_048_576.0:N0} MB"));
            }
            using (var process = Process.GetCurrentProcess())
            {
                Console.WriteLine(Format($"peak working set of the process ({options.Instances} poller(s), store, client and simulator): {process.PeakWorkingSet64 / 1_048_576.0:N0} MB"));
            }
            foreach (var warning in warnings.First)
            {
                Console.WriteLine("  " + warning);
            }
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // One bot instance's watching services, its store counted; instances share the clock, the simulator and the store.
    private static ServiceProvider Instance(PollerLoadOptions options, SimulatorHost simulator, string dataFolder, MovableClock clock,
        NoOpWatchNotifier notifier, WarningCounter warnings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelArts:Endpoint"] = simulator.BaseAddress.ToString(),
            ["ModelArts:ProjectId"] = ProjectId,
            ["ModelArts:AccessKey"] = AccessKey,
            ["ModelArts:SecretKey"] = SecretKey,
            ["Watching:DataFolder"] = dataFolder,
            ["Watching:MaxConcurrency"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Watching:Store"] = options.Postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings:Watches"] = options.Postgres,
        }).Build());
        services.AddLogging(logging => logging.AddProvider(warnings));
        services.AddSingleton<TimeProvider>(clock);
        services.AddModelArtsClient();
        services.AddSingleton<IWatchStore>(sp => new PollerLoadCountingStore(options.Postgres is null
            ? sp.GetRequiredService<SqliteWatchStore>()
            : sp.GetRequiredService<PostgresWatchStore>()));
        services.AddJobWatching();
        services.AddSingleton<IWatchNotifier>(notifier);
        return services.BuildServiceProvider();
    }

    private static async Task EmptyAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = new NpgsqlCommand("TRUNCATE watches, deliveries", connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }

    // Conversation c holds 50 jobs (the default per-conversation limit); each job is watched by WatchersPerJob
    // conversations. The baseline is the job as the simulator will serve it, so a round finds no news: the steady state.
    private static async Task AddWatchesAsync(IWatchStore store, PollerLoadOptions options, DateTimeOffset now)
    {
        const int PerConversation = 50;
        var conversationsPerWatcher = (options.Jobs + PerConversation - 1) / PerConversation;
        for (var job = 0; job < options.Jobs; job++)
        {
            var jobId = Format($"{SyntheticJobs.Prefix}{options.TasksPerJob}-{FailedReasons}-{job}");
            if (!SyntheticJobs.TryCreate(jobId, now, out var synthetic))
            {
                throw new InvalidOperationException($"{jobId} is not a synthetic job id.");
            }
            var baseline = JobSnapshot.From(synthetic);
            for (var watcher = 0; watcher < options.WatchersPerJob; watcher++)
            {
                var conversationId = Format($"19:bench-{watcher * conversationsPerWatcher + job / PerConversation}@thread.tacv2");
                var result = await store.AddAsync(new Watch
                {
                    ConversationId = conversationId,
                    JobId = jobId,
                    RequestedByUserId = "00000000-0000-0000-0000-000000000020",
                    RequestedByName = "Alex Wilber",
                    ConversationReference = ConversationReference(conversationId),
                    ServiceUrl = "https://smba.trafficmanager.net/emea/",
                    TenantId = "00000000-0000-0000-0000-000000000001",
                    CreatedAt = now - TimeSpan.FromHours(1),
                    CardActivityId = "1795904845293",
                    LastSeen = baseline,
                    LastNotified = baseline,
                    NextPollAt = now,
                }, CancellationToken.None).ConfigureAwait(false);
                if (result.Outcome != AddWatchOutcome.Added)
                {
                    throw new InvalidOperationException($"Watch of {jobId} in {conversationId}: {result.Outcome}.");
                }
            }
        }
    }

    // About the size of what the bot stores for a Teams channel.
    private static string ConversationReference(string conversationId) =>
        "{\"activityId\":\"1795904845293\",\"user\":{\"id\":\"29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJH2eDi7fqNGp\",\"name\":\"Alex Wilber\"," +
        "\"aadObjectId\":\"00000000-0000-0000-0000-000000000020\"},\"bot\":{\"id\":\"28:00000000-0000-0000-0000-000000000011\",\"name\":\"ChatOps\"}," +
        "\"conversation\":{\"isGroup\":true,\"conversationType\":\"channel\",\"id\":\"" + conversationId + ";messageid=1795904845293\"," +
        "\"tenantId\":\"00000000-0000-0000-0000-000000000001\"},\"channelId\":\"msteams\",\"locale\":\"en-US\"," +
        "\"serviceUrl\":\"https://smba.trafficmanager.net/emea/\"}";

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
