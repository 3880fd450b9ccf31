using System.Globalization;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>memory-turn [--tasks T] [--repeat R]</c>: the bytes one <c>job</c> turn allocates in the bot, phase by phase, for
/// the simulator's <c>synthetic-T-T-1</c> job (default 10,000 tasks): reading the answer through the real client,
/// building the card, and turning it into the attachment the SDK sends. Allocation counts are exact, not timed, so
/// a loaded machine does not move them; R runs (default 5) after one of warm-up, the last one printed.
/// </summary>
internal sealed record MemoryPerTurnOptions(int TasksPerJob, int Repeat)
{
    public const string Command = "memory-turn";

    public static MemoryPerTurnOptions Parse(IReadOnlyList<string> args)
    {
        var options = new MemoryPerTurnOptions(10_000, 5);
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--tasks" => options with { TasksPerJob = Positive(args[i], value) },
                "--repeat" => options with { Repeat = Positive(args[i], value) },
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
