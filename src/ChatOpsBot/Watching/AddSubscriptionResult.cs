namespace ChatOpsBot.Watching;

/// <param name="Subscription">The new subscription (Added) or the existing one (AlreadySubscribed); null otherwise.</param>
/// <param name="Limit">The per-conversation limit in force.</param>
public sealed record AddSubscriptionResult(AddSubscriptionOutcome Outcome, Subscription? Subscription, int Limit);
