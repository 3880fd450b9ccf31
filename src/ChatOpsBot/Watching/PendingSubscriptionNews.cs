namespace ChatOpsBot.Watching;

/// <summary>News for one subscription about one job, as the feed records it in the outbox: the one line to post.</summary>
public sealed record PendingSubscriptionNews(long SubscriptionId, string JobId, string Text);
