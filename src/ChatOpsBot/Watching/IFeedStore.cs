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
    /// Moves the claim's end to <paramref name="until"/> while its round runs (a round may outlast the lease); false when
    /// the claim is no longer held (taken over or released).
    /// </summary>
    Task<bool> RenewFeedClaimAsync(string projectId, string claimToken, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Records a round in one transaction: the <paramref name="changed"/> rows (added or replaced), the jobs no longer
    /// listed, what subscriptions now know of jobs (<paramref name="told"/>: told keys, baseline cleared; whether they told
    /// of the job and how far its end was dealt with, which only grow; muting and posts kept; a subscription removed
    /// meanwhile is skipped), their <paramref name="news"/> as pending deliveries (the outbox), whether the answer had more pages, the next list time; releases the claim. False (nothing written) when
    /// the claim was lost.
    /// </summary>
    Task<bool> RecordFeedAsync(string projectId, string claimToken, IReadOnlyList<FeedRow> changed, IReadOnlyList<string> vanished,
        IReadOnlyList<SubscriptionJobState> told, IReadOnlyList<PendingSubscriptionNews> news, bool morePages, DateTimeOffset now,
        DateTimeOffset nextListAt, CancellationToken cancellationToken);

    /// <summary>
    /// Claims pending subscription news due at <paramref name="now"/> with a lease: per subscription and job only the
    /// oldest, so a job's first post goes out (and gives its thread) before its later news. A lapsed claim is taken over.
    /// </summary>
    Task<IReadOnlyList<SubscriptionDelivery>> ClaimSubscriptionDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max,
        CancellationToken cancellationToken);

    /// <summary>
    /// Marks a claimed delivery: sent (keeping <paramref name="postActivityId"/> as the job's thread when it opened one),
    /// refused (the conversation is gone: dropped, the subscription stopped with the reason), or to retry at
    /// <paramref name="retryAt"/>. False when the claim was no longer held.
    /// </summary>
    Task<bool> MarkSubscriptionDeliveryAsync(SubscriptionDelivery delivery, NotifyOutcome outcome, string? postActivityId, DateTimeOffset now,
        DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>
    /// The conversations where a watch tells this job's news: an active watch of it, or a watch that told (or is about to
    /// tell) its end, found by its delivery (the watch itself is removed with that news). As stored: a channel thread's id
    /// includes its thread part (<see cref="SubscriptionConversation.Of"/> gives the channel).
    /// </summary>
    Task<IReadOnlyList<string>> ListConversationsWatchingAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Whether the project's last list answer had more pages than it sent (jobs beyond the first are not seen).</summary>
    Task<bool> FeedHasMorePagesAsync(string projectId, CancellationToken cancellationToken);
}
