namespace ChatOpsBot.FailureCauses;

/// <summary>How causes are merged. One configuration serves every kind of message; the defaults are the measured ones (docs/benchmarks.md).</summary>
public sealed record CauseGrouperOptions
{
    public static CauseGrouperOptions Default { get; } = new();

    /// <summary>The share of a template's kept words a message must share, at the same positions, to join it.</summary>
    public double SimilarityThreshold { get; init; } = 0.5;

    /// <summary>
    /// A word that differs between the messages of a group is a variable only when it takes at least this many values;
    /// with fewer ("Starting …" / "Ending …", GET / POST) the messages are different causes. Brain's idea (IEEE TSC 2023).
    /// </summary>
    public int MinVariableValues { get; init; } = 4;

    /// <summary>How many server names each cause keeps.</summary>
    public int ServersPerCause { get; init; } = 10;
}
