using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// The turn load driver: real bot processes, each turn a real POST to <c>/api/messages</c> as a Teams client sends it
/// (<c>deliveryMode: expectReplies</c>, so the replies come back in the response), spread round-robin over the
/// instances as a load balancer without affinity would; ModelArts is one shared simulator on loopback with a fixed
/// latency, the card updates of Refresh go to a loopback connector. Bounded: it stops by itself after the duration.
/// </summary>
internal static class TurnLoad
{
    private const string AccessKey = "LOADACCESSKEY000000001";
    private const string SecretKey = "load-secret-key-0123456789abcdefghijkl";
    private const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string TenantId = "00000000-0000-0000-0000-0000000000001";
    private const int CommandsPerUserPerMinute = 60;

    /// <summary>Catalog jobs many users share (the coalescing client reads each once a second) and, for every fifth
    /// user, a job of its own.</summary>
    private static readonly string[] SharedJobs =
        [JobCatalog.SeedJobId, JobCatalog.ManyFailuresJobId, JobCatalog.RunningJobId, JobCatalog.OddShapesJobId];

    public static async Task RunAsync(TurnLoadOptions options)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { Timeout = TimeSpan.FromSeconds(100) };
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            ProjectId = ProjectId,
            Latency = TimeSpan.FromMilliseconds(options.LatencyMs),
        }).ConfigureAwait(false);
        await using var simulatorScope = simulator.ConfigureAwait(false);
        var connector = await LoopbackConnector.StartAsync().ConfigureAwait(false);
        await using var connectorScope = connector.ConfigureAwait(false);
        var folders = new List<DirectoryInfo>();
        var bots = new List<BotInstance>();
        try
        {
            for (var i = 0; i < options.Instances; i++)
            {
                var environment = BotEnvironment(options, simulator.BaseAddress, folders);
                bots.Add(await BotInstance.StartAsync(environment, http, CancellationToken.None).ConfigureAwait(false));
            }
            Console.WriteLine(F($"Turn load: {options.Instances} bot process(es), store {StoreName(options)}, {options.Users} users in ") +
                F($"{options.Users} personal conversations, one turn each every {options.IntervalSeconds} s for {options.DurationSeconds} s ") +
                F($"({options.RefreshPercent} % Refresh), simulator latency {options.LatencyMs} ms, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
            var cpuBefore = bots.Select(b => b.CpuTime).ToList();
            var turns = await DriveAsync(options, bots, connector.ServiceUrl, http).ConfigureAwait(false);
            Report(turns, bots, [.. bots.Select((b, i) => b.CpuTime - cpuBefore[i])], connector);
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync().ConfigureAwait(false);
            }
            foreach (var folder in folders)
            {
                folder.Delete(recursive: true);
            }
        }
    }

    private static Dictionary<string, string> BotEnvironment(TurnLoadOptions options, Uri simulator, List<DirectoryInfo> folders)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DevelopmentSimulator__Enabled"] = "false",
            ["ModelArts__Endpoint"] = simulator.ToString(),
            ["ModelArts__ProjectId"] = ProjectId,
            ["ModelArts__AccessKey"] = AccessKey,
            ["ModelArts__SecretKey"] = SecretKey,
            // Each user sends 20 turns a minute, the default per-user limit: raised so every turn is a full turn.
            ["Security__CommandsPerUserPerMinute"] = CommandsPerUserPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Security__CommandsPerConversationPerMinute"] = CommandsPerUserPerMinute.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (options.Store == "postgres")
        {
            environment["Watching__Store"] = "Postgres";
            environment["ConnectionStrings__Watches"] = options.PostgresConnectionString!;
        }
        else
        {
            // Turns share no watches, so separate SQLite files serve instances that share no store.
            var folder = Directory.CreateTempSubdirectory("chatopsbot-load-");
            folders.Add(folder);
            environment["Watching__DataFolder"] = folder.FullName;
        }
        return environment;
    }

    private static async Task<List<Turn>> DriveAsync(TurnLoadOptions options, List<BotInstance> bots, Uri serviceUrl, HttpClient http)
    {
        var turns = new ConcurrentQueue<Turn>();
        var next = -1;
        var interval = TimeSpan.FromSeconds(options.IntervalSeconds);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        var clock = Stopwatch.StartNew();
        var users = Enumerable.Range(0, options.Users).Select(async user =>
        {
            var random = new Random(user);
            var jobId = user % 5 == 4 ? F($"synthetic-512-24-{user}") : SharedJobs[user % SharedJobs.Length];
            // Spread evenly over the interval, so load is steady rather than 50 turns at each tick.
            var due = interval * user / options.Users;
            for (var count = 0; due < duration; count++, due += interval)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait).ConfigureAwait(false);
                }
                var refresh = count > 0 && random.Next(100) < options.RefreshPercent;
                var activity = refresh ? Activities.Refresh(user, jobId, serviceUrl) : Activities.JobCommand(user, jobId, serviceUrl);
                var instance = (int)((uint)Interlocked.Increment(ref next) % (uint)bots.Count);
                turns.Enqueue(await SendAsync(http, bots[instance], instance, activity, refresh).ConfigureAwait(false));
            }
        });
        await Task.WhenAll(users).ConfigureAwait(false);
        return [.. turns];
    }

    private static async Task<Turn> SendAsync(HttpClient http, BotInstance bot, int instance, JsonObject activity, bool refresh)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsJsonAsync(new Uri(bot.BaseAddress, "api/messages"), activity).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var cards = body.Length == 0 ? 0 : CountCards(body);
            return new Turn(instance, refresh, (int)response.StatusCode, Stopwatch.GetElapsedTime(started), cards);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Turn(instance, refresh, 0, Stopwatch.GetElapsedTime(started), 0);
        }
    }

    private static int CountCards(string body) =>
        JsonNode.Parse(body)?["activities"]?.AsArray().Count(a => a?["attachments"]?.AsArray().Count > 0) ?? 0;

    private static void Report(List<Turn> turns, List<BotInstance> bots, List<TimeSpan> cpu, LoopbackConnector connector)
    {
        Console.WriteLine(F($"load average at the end: {LoadAverage()}"));
        Console.WriteLine(F($"turns: {turns.Count:N0}; by HTTP status: ") +
            string.Join(", ", turns.GroupBy(t => t.Status).OrderBy(g => g.Key)
                .Select(g => F($"{(g.Key == 0 ? "no answer" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count():N0}"))) +
            F($"; 5xx: {turns.Count(t => t.Status >= 500):N0}"));
        Console.WriteLine("turn latency (ms):  " + Percentiles(turns));
        Console.WriteLine("  job <id>:         " + Percentiles([.. turns.Where(t => !t.Refresh)]) +
            F($"; answered with a card: {turns.Count(t => !t.Refresh && t.Cards > 0):N0} of {turns.Count(t => !t.Refresh):N0}"));
        Console.WriteLine("  Refresh:          " + Percentiles([.. turns.Where(t => t.Refresh)]) +
            F($"; card updates received by the connector: {connector.Updates:N0}"));
        for (var i = 0; i < bots.Count; i++)
        {
            var own = turns.Where(t => t.Instance == i).ToList();
            Console.WriteLine(F($"  instance {i + 1}:       {Percentiles(own)}; CPU {cpu[i].TotalSeconds:0.0} s ") +
                F($"({cpu[i].TotalMilliseconds / Math.Max(1, own.Count):0.0} ms a turn), peak working set {bots[i].PeakWorkingSetBytes / (1024 * 1024):N0} MB"));
        }
    }

    private static string Percentiles(IReadOnlyList<Turn> turns)
    {
        if (turns.Count == 0)
        {
            return "none";
        }
        var sorted = turns.Select(t => t.Elapsed.TotalMilliseconds).Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return F($"n {sorted.Length:N0}, p50 {At(0.50):0.0}, p90 {At(0.90):0.0}, p99 {At(0.99):0.0}, max {sorted[^1]:0.0}");
    }

    /// <summary>Other processes sharing the cores make every latency an upper bound: the load average says how much.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string StoreName(TurnLoadOptions options) =>
        options.Store == "postgres" ? "PostgreSQL (shared)" : "SQLite (one file per instance)";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Turn(int Instance, bool Refresh, int Status, TimeSpan Elapsed, int Cards);

    /// <summary>Activities shaped as the Agents Playground records them (TestData/activities), one personal chat per user.</summary>
    private static class Activities
    {
        public static JsonObject JobCommand(int user, string jobId, Uri serviceUrl)
        {
            var activity = Base(user, serviceUrl);
            activity["text"] = "job " + jobId;
            return activity;
        }

        /// <summary>The card's Refresh button: Action.Submit arrives as a message with <c>value</c>, no text, and the card's id.</summary>
        public static JsonObject Refresh(int user, string jobId, Uri serviceUrl)
        {
            var activity = Base(user, serviceUrl);
            activity["value"] = new JsonObject { ["action"] = "refresh", ["jobId"] = jobId };
            activity["replyToId"] = F($"card-of-user-{user}");
            return activity;
        }

        private static JsonObject Base(int user, Uri serviceUrl) => new()
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl.ToString().TrimEnd('/'),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject
            {
                ["id"] = F($"load-user-{user}"),
                ["name"] = F($"Load User {user}"),
                ["aadObjectId"] = F($"00000000-0000-0000-0000-{user:D12}"),
            },
            ["conversation"] = new JsonObject
            {
                ["conversationType"] = "personal",
                ["tenantId"] = TenantId,
                ["id"] = F($"load-conversation-{user}"),
            },
            ["recipient"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-00000000000011", ["name"] = "Test Bot" },
            ["locale"] = "en-US",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            ["deliveryMode"] = "expectReplies",
        };
    }
}
