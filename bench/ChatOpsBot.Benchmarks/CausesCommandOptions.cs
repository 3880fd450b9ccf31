namespace ChatOpsBot.Benchmarks;

/// <summary>
/// <c>causes --input FILE --output FILE [--repeat R]</c>: JSON Lines in (each line one JSON string, a failed task's
/// message), one cause key per line out, in the same order. After a second of warm-up the grouping runs at least R
/// times (default 5) and until it has used 2 s of CPU time; messages per second are over that CPU time.
/// </summary>
internal sealed record CausesCommandOptions(string Input, string Output, int Repeat)
{
    public const string Command = "causes";

    public static CausesCommandOptions Parse(IReadOnlyList<string> args)
    {
        string? input = null;
        string? output = null;
        var repeat = 5;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{args[i]} needs a value.");
            }
            switch (args[i])
            {
                case "--input":
                    input = args[i + 1];
                    break;
                case "--output":
                    output = args[i + 1];
                    break;
                case "--repeat" when int.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var r) && r > 0:
                    repeat = r;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]} {args[i + 1]}.");
            }
        }
        return new CausesCommandOptions(
            input ?? throw new ArgumentException("--input FILE is required."),
            output ?? throw new ArgumentException("--output FILE is required."),
            repeat);
    }
}
