namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Units of size, time and rate. Right after a number one is part of the value ("5.2 KB" and "93.0 B" say the same
/// thing), so the grouper does not split causes on it as it does on other words with few values.
/// </summary>
internal static class Units
{
    private static readonly HashSet<ulong> Hashes =
    [
        .. new[]
        {
            "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kB", "byte", "bytes",
            "ns", "us", "µs", "ms", "s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
            "h", "hr", "hrs", "hour", "hours", "day", "days", "Hz", "kHz", "MHz", "GHz", "%",
        }.Select(unit => StableHash.Of(unit)),
    ];

    /// <summary>Whether a kept token's hash is a unit's.</summary>
    public static bool IsUnit(ulong tokenHash) => Hashes.Contains(tokenHash);
}
