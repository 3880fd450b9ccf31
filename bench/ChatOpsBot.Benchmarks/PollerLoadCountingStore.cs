using ChatOpsBot.Watching;

namespace ChatOpsBot.Benchmarks;

/// <summary>The real store, with its transactions counted: every call the poller makes is one transaction.</summary>
internal sealed class PollerLoadCountingStore(IWatchStore inner) : IWatchStore
{
    private static long _transactions;

    /// <summary>Transactions by every instance of the run.</summary>
    public static long Transactions => Interlocked.Read(ref _transactions);

    private static T Count<T>(T result)
    {
        Interlocked.Increment(ref _transactions);
        return result;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);
    public Task<AddWatchResult> AddAsync(Watch watch, CancellationToken cancellationToken) => inner.AddAsync(watch, cancellationToken);
    public Task<Watch?> GetAsync(string conversationId, string jobId, CancellationToken cancellationToken) => inner.GetAsync(conversationId, jobId, cancellationToken);
    public Task<IReadOnlyList<Watch>> ListByConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        inner.ListByConversationAsync(conversationId, cancellationToken);
    public Task<bool> RemoveAsync(string conversationId, string jobId, CancellationToken cancellationToken) => inner.RemoveAsync(conversationId, jobId, cancellationToken);
    public Task<int> RemoveConversationAsync(string conversationId, CancellationToken cancellationToken) => inner.RemoveConversationAsync(conversationId, cancellationToken);
    public Task<bool> SetCardActivityIdAsync(string conversationId, string jobId, string? cardActivityId, CancellationToken cancellationToken) =>
        inner.SetCardActivityIdAsync(conversationId, jobId, cardActivityId, cancellationToken);
    public Task<WatchClaim> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int maxJobs, CancellationToken cancellationToken,
        DateTimeOffset? dueBy = null) =>
        Count(inner.ClaimDueAsync(now, lease, maxJobs, cancellationToken, dueBy));
    public Task<IReadOnlyList<long>> RecordAsync(WatchClaim claim, IReadOnlyList<WatchUpdate> updates, DateTimeOffset now, CancellationToken cancellationToken) =>
        Count(inner.RecordAsync(claim, updates, now, cancellationToken));
    public Task<IReadOnlyList<Delivery>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken,
        string? recordedUnder = null) =>
        Count(inner.ClaimDeliveriesAsync(now, lease, max, cancellationToken, recordedUnder));
    public Task<bool> MarkAsync(Delivery delivery, NotifyOutcome outcome, DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        Count(inner.MarkAsync(delivery, outcome, now, retryAt, cancellationToken));
    public Task<long> CountActiveAsync(CancellationToken cancellationToken) => Count(inner.CountActiveAsync(cancellationToken));

    public Task<bool> ForgetCardAsync(long watchId, string cardActivityId, CancellationToken cancellationToken) =>
        Count(inner.ForgetCardAsync(watchId, cardActivityId, cancellationToken));
    public Task<int> PurgeAsync(DateTimeOffset disabledBefore, DateTimeOffset doneBefore, CancellationToken cancellationToken) =>
        Count(inner.PurgeAsync(disabledBefore, doneBefore, cancellationToken));
    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}
