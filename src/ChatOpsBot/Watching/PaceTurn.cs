namespace ChatOpsBot.Watching;

/// <summary>What a conversation's pace answered (see <see cref="IConversationPaceStore.TakeTurnAsync"/>).</summary>
/// <param name="At">Taken: when the post may go. Not taken: when the conversation's next turn would be.</param>
/// <param name="UsableUntil">For a claimed post: the latest turn its claim leaves time for.</param>
public sealed record PaceTurn(PaceTurnKind Kind, DateTimeOffset At, DateTimeOffset? UsableUntil = null)
{
    public static PaceTurn Taken(DateTimeOffset at) => new(PaceTurnKind.Taken, at);

    public static PaceTurn NotBefore(DateTimeOffset at, DateTimeOffset? usableUntil = null) => new(PaceTurnKind.NotBefore, at, usableUntil);

    public static PaceTurn ClaimLost(DateTimeOffset now) => new(PaceTurnKind.ClaimLost, now);
}
