using System.Globalization;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>load [--instances N] [--users U] [--interval-s I] [--duration-s D] [--latency-ms L] [--refresh-percent R]
/// [--store sqlite|postgres] [--postgres "connection string"]</c>: N bot processes behind a round-robin spread, U users
/// in U personal conversations, each sending <c>job &lt;id&gt;</c> or a card's Refresh every I seconds for D seconds
/// (R % of them Refresh), ModelArts answered by one shared simulator after L ms.
/// </summary>
internal sealed record TurnLoadOptions
{
    public const string Command = "load";

    public int Instances { get; init; } = 1;
    public int Users { get; init; } = 50;
    public int IntervalSeconds { get; init; } = 3;
    public int DurationSeconds { get; init; } = 60;
    public int LatencyMs { get; init; } = 50;
    public int RefreshPercent { get; init; } = 50;
    public string Store { get; init; } = "sqlite";
    public string? PostgresConnectionString { get; init; }

    public static TurnLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new TurnLoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }
            var value = args[i + 1];
            options = args[i] switch
            {
                "--instances" => options with { Instances = Positive(args[i], value) },
                "--users" => options with { Users = Positive(args[i], value) },
                "--interval-s" => options with { IntervalSeconds = Positive(args[i], value) },
                "--duration-s" => options with { DurationSeconds = Positive(args[i], value) },
                "--latency-ms" => options with { LatencyMs = Positive(args[i], value) },
                "--refresh-percent" => options with { RefreshPercent = Math.Min(100, Positive(args[i], value)) },
                "--store" when value is "sqlite" or "postgres" => options with { Store = value },
                "--postgres" => options with { PostgresConnectionString = value },
                _ => throw new ArgumentException($"Unknown option or value: {args[i]} {value}."),
            };
        }
        if (options.Store == "postgres" && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            throw new ArgumentException("--store postgres needs --postgres \"Host=…;Port=…;Username=…;Password=…;Database=…\".");
        }
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number.");
}
