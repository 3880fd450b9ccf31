using System.Globalization;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>memory [--turns N] [--tasks T] [--simulator in|out] [--sample-ms S] [--gc server|workstation|default] [--env NAME=VALUE]…</c>: the
/// bot as its own process in Development, N turns of <c>job synthetic-T-T-n</c> on distinct jobs, its working set
/// sampled every S ms. <c>--simulator out</c> runs the ModelArts simulator as a second process, so the bot's figure
/// holds the bot alone. <c>--gc</c> overrides the bot's collector through <c>DOTNET_gcServer</c>; <c>default</c> keeps
/// what the bot's runtimeconfig says. <c>--env</c> sets any other variable of the bot's environment (a GC knob such as
/// <c>DOTNET_GCgen0size</c>, say), once per variable.
/// </summary>
internal sealed record MemoryLoadOptions
{
    public const string Command = "memory";

    public int Turns { get; init; } = 600;
    public int TasksPerJob { get; init; } = 10_000;
    public bool SimulatorInProcess { get; init; } = true;
    public int SampleMs { get; init; } = 100;
    public string GarbageCollector { get; init; } = "default";
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    public static MemoryLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new MemoryLoadOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--turns" => options with { Turns = Positive(args[i], value) },
                "--tasks" => options with { TasksPerJob = Positive(args[i], value) },
                "--sample-ms" => options with { SampleMs = Positive(args[i], value) },
                "--simulator" => options with
                {
                    SimulatorInProcess = value switch
                    {
                        "in" => true,
                        "out" => false,
                        _ => throw new ArgumentException("--simulator is 'in' or 'out'."),
                    },
                },
                "--gc" when value is "server" or "workstation" or "default" => options with { GarbageCollector = value },
                "--env" when value.IndexOf('=', StringComparison.Ordinal) > 0 => options with
                {
                    Environment = [.. options.Environment, KeyValuePair.Create(value[..value.IndexOf('=', StringComparison.Ordinal)], value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..])],
                },
                "--env" => throw new ArgumentException("--env is NAME=VALUE."),
                "--gc" => throw new ArgumentException("--gc is 'server', 'workstation' or 'default'."),
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number.");
}
