namespace ChatOpsBot.Watching;

/// <summary>What became of a message to a conversation.</summary>
/// <param name="CardActivityId">For Sent: the card message to keep up to date from now on, if the edge posted a new one.</param>
/// <param name="RetryAfter">For Throttled: how long the channel asked us to wait, when it said.</param>
/// <param name="Detail">For the logs: the status code or error, never a credential.</param>
public sealed record NotifyOutcome(NotifyOutcomeKind Kind, string? CardActivityId = null, TimeSpan? RetryAfter = null, string? Detail = null)
{
    public static NotifyOutcome Sent(string? cardActivityId = null) => new(NotifyOutcomeKind.Sent, cardActivityId);

    public static NotifyOutcome ConversationGone(string? detail = null) => new(NotifyOutcomeKind.ConversationGone, Detail: detail);

    public static NotifyOutcome Throttled(TimeSpan? retryAfter = null) => new(NotifyOutcomeKind.Throttled, RetryAfter: retryAfter);

    public static NotifyOutcome Failed(string? detail = null) => new(NotifyOutcomeKind.Failed, Detail: detail);
}
