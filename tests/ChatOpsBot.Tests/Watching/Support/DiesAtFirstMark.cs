using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>A store through which the process "dies" at its first mark: the post went out, the mark never lands.</summary>
internal sealed class DiesAtFirstMark(IWatchStore inner) : IWatchStore
{
    private int _marks;

    public Task<bool> MarkAsync(Delivery delivery, NotifyOutcome outcome, DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _marks) == 1
            ? throw new ProcessDiedException()
            : inner.MarkAsync(delivery, outcome, now, retryAt, cancellationToken);

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
        inner.ClaimDueAsync(now, lease, maxJobs, cancellationToken, dueBy);
    public Task<IReadOnlyList<long>> RecordAsync(WatchClaim claim, IReadOnlyList<WatchUpdate> updates, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RecordAsync(claim, updates, now, cancellationToken);
    public Task<IReadOnlyList<Delivery>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken,
        string? recordedUnder = null) =>
        inner.ClaimDeliveriesAsync(now, lease, max, cancellationToken, recordedUnder);
    public Task<long> CountActiveAsync(CancellationToken cancellationToken) => inner.CountActiveAsync(cancellationToken);

    public Task<bool> ForgetCardAsync(long watchId, string cardActivityId, CancellationToken cancellationToken) =>
        inner.ForgetCardAsync(watchId, cardActivityId, cancellationToken);
    public Task<int> PurgeAsync(DateTimeOffset disabledBefore, DateTimeOffset doneBefore, CancellationToken cancellationToken) =>
        inner.PurgeAsync(disabledBefore, doneBefore, cancellationToken);
    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}

internal sealed class ProcessDiedException : Exception
{
    public ProcessDiedException() : base("the process died here")
    {
    }

    public ProcessDiedException(string message) : base(message)
    {
    }

    public ProcessDiedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
