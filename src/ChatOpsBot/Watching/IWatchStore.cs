namespace ChatOpsBot.Watching;

/// <summary>
/// Where watches live, across restarts and across instances, and what owns delivery. Safe for concurrent use by the
/// poller, request handlers and other processes on the same storage.
/// <para>
/// What users do is keyed by (conversation id, job id). What the poller does goes through claims: a round claims due
/// work with a lease (<see cref="ClaimDueAsync"/>, every follower of a job together), and each later write names its
/// claim, so a write from an instance whose claim lapsed and was taken over changes nothing. News is recorded with the
/// new snapshot in one transaction as a pending delivery (an outbox, <see cref="RecordAsync"/>); a sender claims pending
/// deliveries (<see cref="ClaimDeliveriesAsync"/>), posts, and marks them (<see cref="MarkAsync"/>).
/// </para>
/// </summary>
public interface IWatchStore
{
    /// <summary>Creates or migrates the storage. Idempotent; the other methods call it when it has not run yet.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the watch unless the conversation already watches the job or has reached its limit of active watches.
    /// A disabled watch of the same job is replaced. Of a job already watched, a watch naming other people to mention
    /// replaces only the mentions (<see cref="AddWatchOutcome.MentionsUpdated"/>); one naming nobody changes nothing.
    /// </summary>
    Task<AddWatchResult> AddAsync(Watch watch, CancellationToken cancellationToken);

    Task<Watch?> GetAsync(string conversationId, string jobId, CancellationToken cancellationToken);

    /// <summary>The conversation's watches, oldest first, disabled ones included (with their reason).</summary>
    Task<IReadOnlyList<Watch>> ListByConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary><c>unwatch</c>: false when the conversation did not watch the job.</summary>
    Task<bool> RemoveAsync(string conversationId, string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// The bot was uninstalled from the conversation: forget all its watches, those of its channel threads
    /// (<c>{id};messageid=…</c>) included. Returns how many there were.
    /// </summary>
    Task<int> RemoveConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Sets the card message to keep up to date; false when the conversation does not watch the job.</summary>
    Task<bool> SetCardActivityIdAsync(string conversationId, string jobId, string? cardActivityId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the active watches of up to <paramref name="maxJobs"/> jobs that have a watch due at <paramref name="now"/>,
    /// earliest first: every unclaimed active watch of each of those jobs, so a job is read once per round whoever holds
    /// it. A claim whose lease ended (its instance died or stalled) is taken over.
    /// </summary>
    /// <param name="dueBy">Due at or before this (default <paramref name="now"/>): a round passes its start, so work that
    /// came due while it ran waits for the next round instead of keeping this one going.</param>
    Task<WatchClaim> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int maxJobs, CancellationToken cancellationToken,
        DateTimeOffset? dueBy = null);

    /// <summary>
    /// Records what a round decided for one job's claimed watches, in one transaction: each watch's new snapshot and
    /// schedule (or its end), and its news as a pending delivery, and releases the claims. A watch whose claim was taken
    /// over meanwhile, or that was removed, is left alone. The news is recorded claimed by <paramref name="claim"/> until
    /// its lease ends (see <see cref="ClaimDeliveriesAsync"/>). Returns the watches recorded.
    /// </summary>
    Task<IReadOnlyList<long>> RecordAsync(WatchClaim claim, IReadOnlyList<WatchUpdate> updates, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>
    /// Claims pending deliveries due at <paramref name="now"/>, at most one per conversation (the oldest, so news keeps
    /// its order), with a lease; a delivery whose claim lapsed is taken over. News is recorded already claimed by the
    /// round that recorded it (it holds the job just read, for the card): that round passes its claim token as
    /// <paramref name="recordedUnder"/> to send it; other instances get it only if that claim lapses.
    /// </summary>
    Task<IReadOnlyList<Delivery>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken,
        string? recordedUnder = null);

    /// <summary>
    /// Marks a claimed delivery after the attempt: sent (and the watch's card forgotten if its message is gone), refused
    /// (the conversation is gone: the delivery is dropped and the watch disabled), or to retry at
    /// <paramref name="retryAt"/>. False when the claim was no longer held (another instance took it over).
    /// </summary>
    Task<bool> MarkAsync(Delivery delivery, NotifyOutcome outcome, DateTimeOffset now, DateTimeOffset retryAt,
        CancellationToken cancellationToken);

    /// <summary>How many watches are active, for the <c>chatopsbot.watches.active</c> gauge.</summary>
    Task<long> CountActiveAsync(CancellationToken cancellationToken);

    /// <summary>The watch's card message is gone (deleted): forget it, unless another card replaced it meanwhile.</summary>
    Task<bool> ForgetCardAsync(long watchId, string cardActivityId, CancellationToken cancellationToken);

    /// <summary>
    /// Removes watches disabled before <paramref name="disabledBefore"/> and deliveries done before
    /// <paramref name="doneBefore"/>, subscriptions' deliveries too. Returns how many watches went.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset disabledBefore, DateTimeOffset doneBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Throws unless the storage can be read right now, through a fresh connection: connections kept open from earlier
    /// would go on working on a file that was deleted or whose folder went away. For readiness probes.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
