namespace ChatOpsBot.Watching;

/// <summary>
/// A subscription's news claimed for sending. <see cref="PostActivityId"/> is the post that opened the job's thread in
/// the conversation (null: this news opens it).
/// </summary>
/// <param name="Attempts">Attempts so far, this one included.</param>
/// <param name="Kind">What the news says: a deletion is sent without reading the job.</param>
public sealed record SubscriptionDelivery(long Id, Subscription Subscription, string JobId, string Text, string? PostActivityId,
    string ClaimToken, int Attempts, SubscriptionNewsKind Kind = SubscriptionNewsKind.Failures);
