namespace ChatOpsBot.FailureCauses;

/// <summary>
/// FNV-1a, 64 bits: the same text hashes the same in every process and after a restart (string.GetHashCode does not),
/// which is what makes cause keys stable.
/// </summary>
internal static class StableHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Add(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Add(ulong hash, ulong value)
    {
        hash = (hash ^ (value & 0xFFFF_FFFF)) * Prime;
        return (hash ^ (value >> 32)) * Prime;
    }

    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Seed;
        foreach (var c in text)
        {
            hash = Add(hash, c);
        }
        return hash;
    }
}
