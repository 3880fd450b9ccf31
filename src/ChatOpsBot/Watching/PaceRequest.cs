namespace ChatOpsBot.Watching;

/// <summary>A turn asked for in a conversation's pace (see <see cref="IConversationPaceStore.TakeTurnAsync"/>).</summary>
/// <param name="ConversationKey">The conversation; a channel for all its threads (<see cref="SubscriptionConversation.Of"/>).</param>
/// <param name="Cost">How far the turn moves the conversation's next moment: the gap times the Teams operations it makes.</param>
/// <param name="Latest">The latest turn worth taking; a later one is not taken.</param>
/// <param name="Post">The claimed outbox row the turn is for, if any: its claim must still be held until the turn plus <paramref name="ClaimMargin"/>.</param>
public sealed record PaceRequest(string ConversationKey, TimeSpan Cost, DateTimeOffset Now, DateTimeOffset Latest, ClaimedPost? Post = null,
    TimeSpan ClaimMargin = default);
