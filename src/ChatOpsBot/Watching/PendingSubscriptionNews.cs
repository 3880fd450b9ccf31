namespace ChatOpsBot.Watching;

/// <summary>
/// News for one subscription about one job, as the feed records it in the outbox: the one line to post, and what kind
/// of news it is (a deletion needs no job to be sent).
/// </summary>
public sealed record PendingSubscriptionNews(long SubscriptionId, string JobId, string Text,
    SubscriptionNewsKind Kind = SubscriptionNewsKind.Failures);
