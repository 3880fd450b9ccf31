namespace ChatOpsBot.Watching;

/// <summary>
/// The project's list feed, in the watch store's storage: one list call per project per round across all instances
/// (the feed row is claimed with a lease, like jobs), and the rows it answered, kept to find the ones that changed.
/// </summary>
public interface IFeedStore
{
    /// <summary>
    /// Claims the project's feed when its next list is due at <paramref name="now"/> and nobody holds it (a lapsed claim
    /// is taken over); null otherwise.
    /// </summary>
    Task<FeedClaim?> ClaimFeedAsync(string projectId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Records a round in one transaction: the <paramref name="changed"/> rows (added or replaced), the jobs no longer
    /// listed, what subscriptions now know of jobs (<paramref name="told"/>: told keys, baseline cleared; muting and
    /// posts kept; a subscription removed meanwhile is skipped), whether the answer had more pages, the next list time;
    /// releases the claim. False (nothing written) when the claim was lost.
    /// </summary>
    Task<bool> RecordFeedAsync(string projectId, string claimToken, IReadOnlyList<FeedRow> changed, IReadOnlyList<string> vanished,
        IReadOnlyList<SubscriptionJobState> told, bool morePages, DateTimeOffset nextListAt, CancellationToken cancellationToken);

    /// <summary>Whether the project's last list answer had more pages than it sent (jobs beyond the first are not seen).</summary>
    Task<bool> FeedHasMorePagesAsync(string projectId, CancellationToken cancellationToken);
}
