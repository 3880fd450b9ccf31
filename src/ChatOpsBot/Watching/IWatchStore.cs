namespace ChatOpsBot.Watching;

/// <summary>
/// Where watches live, across restarts. Safe for concurrent use by the poller and request handlers.
/// What users do is keyed by (conversation id, job id); what the poller records is keyed by <see cref="Watch.Id"/>,
/// so a round that read a watch the user removed (or removed and added again) meanwhile changes nothing.
/// </summary>
public interface IWatchStore
{
    /// <summary>Creates or migrates the storage. Idempotent; the other methods call it when it has not run yet.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the watch unless the conversation already watches the job or has reached its limit of active watches.
    /// A disabled watch of the same job is replaced.
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

    /// <summary>Active watches whose <see cref="Watch.NextPollAt"/> is at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<Watch>> GetDueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The watch ended (its job ended, or it expired): removes it.</summary>
    Task<bool> RemoveAsync(long watchId, CancellationToken cancellationToken);

    Task<bool> RecordSeenAsync(long watchId, JobSnapshot seen, DateTimeOffset nextPollAt, CancellationToken cancellationToken);

    /// <summary>
    /// Records what the conversation was just told (as seen, too). Call it right after the message was sent.
    /// A non-null <paramref name="cardActivityId"/> replaces the stored one.
    /// </summary>
    Task<bool> RecordNotifiedAsync(long watchId, JobSnapshot notified, string? cardActivityId, DateTimeOffset nextPollAt,
        CancellationToken cancellationToken);

    /// <summary>Moves the next poll (backoff, throttling, a failed send).</summary>
    Task<bool> RescheduleAsync(long watchId, DateTimeOffset nextPollAt, CancellationToken cancellationToken);

    /// <summary>Stops polling the watch for good and says why; it stays listed until removed or added again.</summary>
    Task<bool> DisableAsync(long watchId, string reason, DateTimeOffset disabledAt, CancellationToken cancellationToken);

    /// <summary>
    /// Throws unless the storage can be read right now, through a fresh connection: connections kept open from earlier
    /// would go on working on a file that was deleted or whose folder went away. For readiness probes.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
