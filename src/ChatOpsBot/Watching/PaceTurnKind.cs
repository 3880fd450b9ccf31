namespace ChatOpsBot.Watching;

public enum PaceTurnKind
{
    /// <summary>The turn is this post's: wait until it comes, then post.</summary>
    Taken,

    /// <summary>The conversation's next turn comes later than asked: wait for it and ask again, or leave the post for a later round.</summary>
    NotBefore,

    /// <summary>The post's claim is no longer held (another instance took it over): do not post.</summary>
    ClaimLost,
}
