namespace ChatOpsBot.Watching;

/// <summary>What became of a message to a conversation.</summary>
/// <param name="CardActivityId">For Sent: the card message to keep up to date from now on, if the edge posted a new one.</param>
/// <param name="RetryAfter">For Throttled: how long the channel asked us to wait, when it said.</param>
/// <param name="Detail">For the logs: the status code or error, never a credential.</param>
/// <param name="CardGone">
/// Teams answered 403/404 to updating the card message: the message was deleted. The watch goes on without a card
/// (news still arrives as new messages); only a refused post means the conversation is gone.
/// </param>
public sealed record NotifyOutcome(NotifyOutcomeKind Kind, string? CardActivityId = null, TimeSpan? RetryAfter = null, string? Detail = null,
    bool CardGone = false)
{
    public static NotifyOutcome Sent(string? cardActivityId = null) => new(NotifyOutcomeKind.Sent, cardActivityId);

    /// <summary>The news was posted, but the card message it would have refreshed is gone.</summary>
    public static NotifyOutcome SentWithoutCard(string? detail = null) => new(NotifyOutcomeKind.Sent, Detail: detail, CardGone: true);

    /// <summary>Updating the card answered 403/404: that message is gone.</summary>
    public static NotifyOutcome MessageGone(string? detail = null) => new(NotifyOutcomeKind.CardGone, Detail: detail);

    public static NotifyOutcome ConversationGone(string? detail = null) => new(NotifyOutcomeKind.ConversationGone, Detail: detail);

    public static NotifyOutcome Throttled(TimeSpan? retryAfter = null) => new(NotifyOutcomeKind.Throttled, RetryAfter: retryAfter);

    public static NotifyOutcome Failed(string? detail = null) => new(NotifyOutcomeKind.Failed, Detail: detail);
}
