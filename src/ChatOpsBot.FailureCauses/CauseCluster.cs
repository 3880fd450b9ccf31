namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Masked templates merged because they differ only in a few kept words (a user name, a host): Drain's log group, one
/// leaf of its fixed-depth tree. Positions where members differ become <see cref="Wild"/>.
/// </summary>
internal sealed class CauseCluster(MaskedTemplate first)
{
    public const ulong Wild = 0x9E3779B97F4A7C15UL;

    public ulong[] Template { get; } = (ulong[])first.TokenHashes.Clone();
    public List<MaskedTemplate> Members { get; } = [first];
    public int Count { get; private set; } = first.Count;

    /// <summary>The share of positions where the template and the member hold the same token (a masked part counts when both masked it the same way).</summary>
    public double Similarity(MaskedTemplate member)
    {
        var equal = 0;
        var hashes = member.TokenHashes;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (Template[i] == hashes[i])
            {
                equal++;
            }
        }
        return hashes.Length == 0 ? 1 : (double)equal / hashes.Length;
    }

    public void Add(MaskedTemplate member)
    {
        Members.Add(member);
        Count += member.Count;
        var hashes = member.TokenHashes;
        for (var i = 0; i < hashes.Length; i++)
        {
            if (Template[i] != hashes[i])
            {
                Template[i] = Wild;
            }
        }
    }
}
