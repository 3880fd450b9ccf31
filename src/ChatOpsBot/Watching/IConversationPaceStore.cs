namespace ChatOpsBot.Watching;

/// <summary>
/// The pace of proactive posts into each conversation, kept in the watch store so that every instance keeps to one
/// pace: Teams limits a bot per conversation, whichever of its instances posts. A conversation has one moment from
/// which its next post may go; taking a turn moves it on by that post's cost, in one atomic step.
/// </summary>
public interface IConversationPaceStore
{
    /// <summary>
    /// Takes the conversation's next turn when it comes at or before <see cref="PaceRequest.Latest"/> (and, for a
    /// claimed post, while the claim is held for long enough): the turn is at the later of now and the conversation's
    /// next moment, which moves on by <see cref="PaceRequest.Cost"/>. Otherwise nothing changes and the answer says
    /// when the next turn would be (or that the claim was lost).
    /// </summary>
    Task<PaceTurn> TakeTurnAsync(PaceRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Leaves a claimed post for later: releases its claim and makes it due at <paramref name="dueAt"/>, without counting
    /// an attempt. False when the claim was no longer held.
    /// </summary>
    Task<bool> PostponeAsync(ClaimedPost post, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>
    /// Nothing goes into the conversation before <paramref name="notBefore"/> (Teams said 429: wait): its next turn is
    /// no earlier. Never moves the pace backwards.
    /// </summary>
    Task HoldOffAsync(string conversationKey, DateTimeOffset notBefore, CancellationToken cancellationToken);
}
