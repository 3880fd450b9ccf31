using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// The bot's memory after many <c>job</c> turns on large, distinct jobs, measured from outside the process as an
/// operator's dashboard would: the working set of the bot (and of the simulator, when it runs apart).
/// </summary>
internal static class MemoryLoad
{
    private const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(MemoryLoadOptions options)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var token = cancellation.Token;
        var accessKey = "BENCH" + RandomNumberGenerator.GetHexString(16);
        var secretKey = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var data = Directory.CreateTempSubdirectory("chatopsbot-memory-");

        ChildDotnetProcess? simulator = null;
        var botEnvironment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = null,
            ["Watching__DataFolder"] = data.FullName,
            ["Security__CommandsPerUserPerMinute"] = "1000000",
            ["Security__CommandsPerConversationPerMinute"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (options.GarbageCollector != "default")
        {
            botEnvironment["DOTNET_gcServer"] = options.GarbageCollector == "server" ? "1" : "0";
        }
        foreach (var (name, value) in options.Environment)
        {
            botEnvironment[name] = value;
        }
        try
        {
            if (!options.SimulatorInProcess)
            {
                simulator = await ChildDotnetProcess.StartAsync("ChatOpsBot.Simulator.dll", new Dictionary<string, string?>
                {
                    ["Simulator__AccessKey"] = accessKey,
                    ["Simulator__SecretKey"] = secretKey,
                    ["Simulator__ProjectId"] = ProjectId,
                    ["Logging__LogLevel__Default"] = "Warning",
                }, token).ConfigureAwait(false);
                botEnvironment["DevelopmentSimulator__Enabled"] = "false";
                botEnvironment["ModelArts__Endpoint"] = simulator.BaseAddress.ToString();
                botEnvironment["ModelArts__ProjectId"] = ProjectId;
                botEnvironment["ModelArts__AccessKey"] = accessKey;
                botEnvironment["ModelArts__SecretKey"] = secretKey;
            }
            await using var bot = await ChildDotnetProcess.StartAsync("ChatOpsBot.dll", botEnvironment, token).ConfigureAwait(false);
            await MeasureAsync(options, bot, simulator, token).ConfigureAwait(false);
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }
            data.Delete(recursive: true);
        }
    }

    private static async Task MeasureAsync(MemoryLoadOptions options, ChildDotnetProcess bot, ChildDotnetProcess? simulator, CancellationToken token)
    {
        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        await Task.Delay(TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
        var idle = WorkingSetMb(bot.Process);
        var idleSimulator = simulator is null ? 0 : WorkingSetMb(simulator.Process);
        var peak = idle;
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(token);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.SampleMs));
            try
            {
                while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
                {
                    peak = Math.Max(peak, WorkingSetMb(bot.Process));
                }
            }
            catch (OperationCanceledException)
            {
                // The turns are over.
            }
        }, token);

        var run = Guid.NewGuid().ToString("N")[..8];
        var cards = 0;
        var started = Stopwatch.StartNew();
        for (var turn = 1; turn <= options.Turns; turn++)
        {
            var jobId = $"synthetic-{options.TasksPerJob}-{options.TasksPerJob}-{turn}";
            using var response = await http.PostAsJsonAsync("/api/messages", Activity(run, turn, jobId), token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false))?["activities"]?.AsArray();
            var card = replies?.SelectMany(a => a?["attachments"]?.AsArray() ?? []).FirstOrDefault()?["content"]?.ToJsonString() ?? "";
            cards += card.Contains(jobId, StringComparison.Ordinal) ? 1 : 0;
            if (turn % 100 == 0)
            {
                Console.WriteLine($"  {turn} turns, {started.Elapsed.TotalSeconds:0} s, working set {WorkingSetMb(bot.Process):0} MB");
            }
        }
        var elapsed = started.Elapsed;
        var afterTurns = WorkingSetMb(bot.Process);
        await Task.Delay(Settle, token).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var settled = WorkingSetMb(bot.Process);
        bot.Process.Refresh();
        var kernelPeak = bot.Process.PeakWorkingSet64 / (1024.0 * 1024.0);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Turns} turns of job synthetic-{options.TasksPerJob}-{options.TasksPerJob}-N (distinct N), simulator {(simulator is null ? "in the bot's process" : "a process of its own")}, GC {options.GarbageCollector}{string.Concat(options.Environment.Select(e => $", {e.Key}={e.Value}"))}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  cards naming their job: {cards}/{options.Turns}; {elapsed.TotalSeconds:0.0} s, {elapsed.TotalMilliseconds / options.Turns:0} ms a turn"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  bot working set: idle {idle:0} MB, peak {Math.Max(peak, kernelPeak):0} MB (sampled {peak:0}, kernel high-water mark {kernelPeak:0}), after the turns {afterTurns:0} MB, {Settle.TotalSeconds:0} s later {settled:0} MB"));
        if (simulator is not null)
        {
            simulator.Process.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  simulator working set: idle {idleSimulator:0} MB, peak {simulator.Process.PeakWorkingSet64 / (1024.0 * 1024.0):0} MB, now {WorkingSetMb(simulator.Process):0} MB"));
        }
    }

    private static double WorkingSetMb(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>A personal-chat message as the Agents Playground sends it, with the replies asked back in the response.</summary>
    private static JsonObject Activity(string run, int turn, string jobId) => new()
    {
        ["type"] = "message",
        ["id"] = $"{run}-{turn}",
        ["text"] = $"job {jobId}",
        ["deliveryMode"] = "expectReplies",
        ["channelId"] = "msteams",
        ["serviceUrl"] = "http://127.0.0.1:9/_connector",
        ["from"] = new JsonObject { ["id"] = "user-id-0", ["name"] = "Bench", ["aadObjectId"] = "00000000-0000-0000-0000-000000000020" },
        ["recipient"] = new JsonObject { ["id"] = "bot-id", ["name"] = "ChatOpsBot" },
        ["conversation"] = new JsonObject
        {
            ["conversationType"] = "personal",
            ["tenantId"] = "00000000-0000-0000-0000-000000000001",
            ["id"] = $"memory-bench-{run}",
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-000000000001" } },
    };
}
