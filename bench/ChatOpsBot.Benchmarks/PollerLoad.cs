using System.Diagnostics;
using System.Globalization;
using ChatOpsBot.ModelArts;
using ChatOpsBot.Simulator;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// A load driver, not a BenchmarkDotNet benchmark: one polling round is many seconds of network waits, so it is timed
/// as it runs. The real <see cref="JobWatchPoller"/> and <see cref="SqliteWatchStore"/> (on a file) and the real signed
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
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelArts:Endpoint"] = simulator.BaseAddress.ToString(),
            ["ModelArts:ProjectId"] = ProjectId,
            ["ModelArts:AccessKey"] = AccessKey,
            ["ModelArts:SecretKey"] = SecretKey,
            ["Watching:DataFolder"] = dataFolder,
            ["Watching:MaxConcurrency"] = options.Concurrency.ToString(CultureInfo.InvariantCulture),
        }).Build());
        services.AddLogging(logging => logging.AddProvider(warnings));
        services.AddSingleton<TimeProvider>(clock);
        services.AddModelArtsClient();
        services.AddJobWatching();
        services.AddSingleton<IWatchNotifier>(notifier);
        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            var store = provider.GetRequiredService<IWatchStore>();
            var poller = provider.GetRequiredService<JobWatchPoller>();

            Console.WriteLine(Format($"Watch poller: {options.Watches:N0} watches = {options.Jobs:N0} jobs × {options.WatchersPerJob} conversations, ") +
                Format($"{options.TasksPerJob} tasks a job, simulator latency {options.LatencyMs} ms, MaxConcurrency {options.Concurrency}, ") +
                Format($"{Environment.ProcessorCount} cores, .NET {Environment.Version}"));
            var setup = Stopwatch.StartNew();
            await AddWatchesAsync(store, options, clock.GetUtcNow()).ConfigureAwait(false);
            Console.WriteLine(Format($"setup: {options.Watches:N0} watches added in {setup.Elapsed.TotalSeconds:F1} s (one transaction each)"));
            var floor = TimeSpan.FromMilliseconds((double)options.Jobs * options.LatencyMs / options.Concurrency);
            Console.WriteLine(Format($"floor: {options.Jobs:N0} reads × {options.LatencyMs} ms / {options.Concurrency} at a time = {floor.TotalSeconds:F1} s a round"));

            for (var round = 1; round <= options.Rounds; round++)
            {
                // Every watch was rescheduled at most PollInterval × 1.1 (66 s) ahead: all are due again.
                clock.Advance(TimeSpan.FromSeconds(70));
                GC.Collect();
                var requestsBefore = simulator.Catalog.RequestCount;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var gen2Before = GC.CollectionCount(2);
                var warningsBefore = warnings.Count;
                var elapsed = Stopwatch.StartNew();
                await poller.RunOnceAsync(CancellationToken.None).ConfigureAwait(false);
                elapsed.Stop();
                var requests = simulator.Catalog.RequestCount - requestsBefore;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                using var process = Process.GetCurrentProcess();
                Console.WriteLine(
                    Format($"round {round}: {elapsed.Elapsed.TotalSeconds:F1} s; {requests:N0} ModelArts requests ({(double)requests / options.Jobs:F2} per job); ") +
                    Format($"{notifier.Notifications} notifications, {notifier.CardUpdates} card updates; ") +
                    Format($"{warnings.Count - warningsBefore} warnings; allocated {allocated / 1_048_576.0:N0} MB, ") +
                    Format($"{GC.CollectionCount(2) - gen2Before} gen2 GCs, GC heap after {GC.GetTotalMemory(forceFullCollection: false) / 1_048_576.0:N0} MB, ") +
                    Format($"working set {process.WorkingSet64 / 1_048_576.0:N0} MB"));
            }
            using (var process = Process.GetCurrentProcess())
            {
                Console.WriteLine(Format($"peak working set of the process (poller, store, client and simulator): {process.PeakWorkingSet64 / 1_048_576.0:N0} MB"));
            }
            foreach (var warning in warnings.First)
            {
                Console.WriteLine("  " + warning);
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
