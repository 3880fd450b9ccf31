namespace ChatOpsBot.Watching;

public enum PaceTurnKind
{
    /// <summary>The turn is this post's: wait until it comes, then post.</summary>
    Taken,

    /// <summary>The next turn comes too late for this claim: leave the post for a later round.</summary>
    NotBefore,

    /// <summary>The post's claim is no longer held (another instance took it over): do not post.</summary>
    ClaimLost,
}
