namespace ChatOpsBot.Watching;

/// <summary>What a conversation's pace answered (see <see cref="IConversationPaceStore.TakeTurnAsync"/>).</summary>
/// <param name="At">Taken: when the post may go. Not taken: when the conversation's next turn would be.</param>
public sealed record PaceTurn(PaceTurnKind Kind, DateTimeOffset At)
{
    public static PaceTurn Taken(DateTimeOffset at) => new(PaceTurnKind.Taken, at);

    public static PaceTurn NotBefore(DateTimeOffset at) => new(PaceTurnKind.NotBefore, at);

    public static PaceTurn ClaimLost(DateTimeOffset now) => new(PaceTurnKind.ClaimLost, now);
}
