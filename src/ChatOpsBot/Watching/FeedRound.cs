namespace ChatOpsBot.Watching;

/// <summary>
/// What one feed round did: whether it held the feed and listed, the rows that changed, the jobs read in full, and the
/// news for subscriptions (recorded with the rows in one transaction).
/// </summary>
public sealed record FeedRound(bool Listed, int ChangedRows, IReadOnlyList<string> ReadJobs, IReadOnlyList<SubscriptionNews> News)
{
    /// <summary>Deletions told this round: the job cannot be read, so they are not <see cref="News"/> (which carries the job).</summary>
    public IReadOnlyList<PendingSubscriptionNews> Deletions { get; init; } = [];

    public static FeedRound NotListed { get; } = new(false, 0, [], []);
}
