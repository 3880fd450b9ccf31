using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Benchmarks;

/// <summary>Teams that accepts everything at once: the poller's own cost is what is measured. Counts what it is asked.</summary>
internal sealed class NoOpWatchNotifier : IWatchNotifier
{
    private int _notifications;
    private int _cardUpdates;

    public int Notifications => Volatile.Read(ref _notifications);

    public int CardUpdates => Volatile.Read(ref _cardUpdates);

    public Task<NotifyOutcome> NotifyAsync(Watch watch, JobNotification notification, LiteServerJob? job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _notifications);
        return Task.FromResult(NotifyOutcome.Sent());
    }

    public Task<NotifyOutcome> UpdateCardAsync(Watch watch, LiteServerJob job, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _cardUpdates);
        return Task.FromResult(NotifyOutcome.Sent());
    }
}
