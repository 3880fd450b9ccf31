namespace ChatOpsBot.Watching;

/// <summary>
/// The store's answer to a job's first news in a burst window. <see cref="OpeningToken"/> comes with
/// <see cref="DigestPlacementKind.OpenDigest"/>: the lease to post the digest, handed back with its post id.
/// </summary>
public sealed record DigestPlacement(DigestPlacementKind Kind, SubscriptionDigest? Digest = null, string? OpeningToken = null)
{
    public static readonly DigestPlacement Alone = new(DigestPlacementKind.Alone);

    public static readonly DigestPlacement Wait = new(DigestPlacementKind.Wait);
}
