namespace ChatOpsBot.Watching;

/// <summary>Where a job's first news goes in its conversation's burst window.</summary>
public enum DigestPlacementKind
{
    /// <summary>One of the window's first jobs: its own post, as outside a burst.</summary>
    Alone,

    /// <summary>The digest has no post yet and this delivery holds the right to post it.</summary>
    OpenDigest,

    /// <summary>The digest is posted: its card is updated in place to list this job too.</summary>
    UpdateDigest,

    /// <summary>Another delivery (another instance) is posting the digest right now: try again shortly.</summary>
    Wait,
}
