using System.Globalization;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>subscriptions [--jobs N] [--conversations C] [--rounds R] [--changes K] [--failing F] [--latency-ms L]
/// [--interval-s S] [--store sqlite|postgres]</c>: the bot as its own process, a project of N jobs in the simulator
/// (<c>Simulator:ProjectJobs</c>), C conversations subscribed by <c>subscribe</c> messages posted to <c>/api/messages</c>
/// (some with filters), then R rounds in each of which K jobs change: F of them get their first failed tasks, one job
/// that failed in the round before gets more, the rest only move on (a task finishes) and are news to nobody. The
/// simulator answers after L ms; the bot lists every S seconds (<c>Watching:ListPollInterval</c>). PostgreSQL takes a
/// server's connection string from <c>CHATOPSBOT_BENCH_POSTGRES</c>; the driver makes and drops its own database there.
/// </summary>
internal sealed record SubscriptionLoadOptions
{
    public const string Command = "subscriptions";

    public int Jobs { get; init; } = 10_000;
    public int Conversations { get; init; } = 200;
    public int Rounds { get; init; } = 5;
    public int Changes { get; init; } = 10;
    public int Failing { get; init; } = 5;
    public int LatencyMs { get; init; } = 50;
    public int IntervalSeconds { get; init; } = 30;
    public bool Postgres { get; init; }

    /// <summary>A PostgreSQL server to make the benchmark's database on (any database of it), when <see cref="Postgres"/>.</summary>
    public string? PostgresServer { get; init; } =
        Environment.GetEnvironmentVariable("CHATOPSBOT_BENCH_POSTGRES") is { Length: > 0 } value ? value : null;

    public static SubscriptionLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SubscriptionLoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--jobs" => options with { Jobs = Positive(args[i], value) },
                "--conversations" => options with { Conversations = Positive(args[i], value) },
                "--rounds" => options with { Rounds = Positive(args[i], value) },
                "--changes" => options with { Changes = Positive(args[i], value) },
                "--failing" => options with { Failing = Positive(args[i], value) },
                "--latency-ms" => options with { LatencyMs = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : throw new ArgumentException("--latency-ms needs a whole number.") },
                "--interval-s" => options with { IntervalSeconds = Positive(args[i], value) },
                "--store" => options with
                {
                    Postgres = value switch
                    {
                        "sqlite" => false,
                        "postgres" => true,
                        _ => throw new ArgumentException("--store is 'sqlite' or 'postgres'."),
                    },
                },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        if (options.Failing + 1 > options.Changes)
        {
            throw new ArgumentException("--changes must leave room for the --failing jobs and the one that fails again.");
        }
        return options.Postgres && options.PostgresServer is null
            ? throw new ArgumentException("--store postgres needs CHATOPSBOT_BENCH_POSTGRES (a server's connection string).")
            : options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number.");
}
