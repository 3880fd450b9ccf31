using System.Globalization;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>poller [--jobs N] [--watchers K] [--concurrency C] [--latency-ms L] [--rounds R] [--tasks T] [--instances I]</c>:
/// N distinct jobs, each watched by K conversations (N × K watches), read C at a time (per instance) from a simulator
/// that answers in L ms; R polling rounds; T tasks per job; I poller instances sharing the store (more than one needs
/// PostgreSQL: the connection string in the environment variable <c>CHATOPSBOT_BENCH_POSTGRES</c>, whose tables are
/// emptied first; without it the store is a SQLite file).
/// </summary>
internal sealed record PollerLoadOptions
{
    public const string Command = "poller";

    public int Jobs { get; init; } = 2_000;
    public int WatchersPerJob { get; init; } = 5;
    public int Concurrency { get; init; } = 8;
    public int LatencyMs { get; init; } = 50;
    public int Rounds { get; init; } = 3;
    public int TasksPerJob { get; init; } = 16;
    public int Instances { get; init; } = 1;

    /// <summary>The PostgreSQL to measure on; null for SQLite.</summary>
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("CHATOPSBOT_BENCH_POSTGRES") is { Length: > 0 } value ? value : null;

    public int Watches => Jobs * WatchersPerJob;

    public static PollerLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PollerLoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ArgumentException($"{args[i]} needs a positive whole number.");
            }
            options = args[i] switch
            {
                "--jobs" => options with { Jobs = value },
                "--watchers" => options with { WatchersPerJob = value },
                "--concurrency" => options with { Concurrency = value },
                "--latency-ms" => options with { LatencyMs = value },
                "--rounds" => options with { Rounds = value },
                "--tasks" => options with { TasksPerJob = value },
                "--instances" => options with { Instances = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options.Instances > 1 && options.Postgres is null
            ? throw new ArgumentException("Several instances share work through PostgreSQL: set CHATOPSBOT_BENCH_POSTGRES.")
            : options;
    }
}
