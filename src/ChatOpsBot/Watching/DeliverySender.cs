using ChatOpsBot.Hosting;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Deliver: claims pending news (one per conversation at a time, oldest first), posts it, marks it. The post and its
/// mark run to the end even when the host is stopping (a post is never cut halfway); a delivery not started before the
/// stop keeps its claim until the lease ends, then any instance sends it. A crash between a post and its mark repeats
/// that one message after the lease: the only repeat the design allows.
/// </summary>
public sealed partial class DeliverySender(
    IWatchStore store,
    IWatchNotifier notifier,
    IOptions<WatchOptions> options,
    TimeProvider timeProvider,
    ChatOpsMetrics metrics,
    ConversationPace pace,
    ILogger<DeliverySender> logger)
{
    private static readonly TimeSpan MinRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MarkRetry = TimeSpan.FromSeconds(1);

    private readonly WatchOptions _options = options.Value;

    /// <summary>Deliveries whose mark found their claim taken over: each may have been posted twice.</summary>
    public int PossibleRepeats => Volatile.Read(ref _possibleRepeats);

    private int _possibleRepeats;

    /// <summary>Sends what is pending now, until nothing is left that may go now.</summary>
    /// <param name="jobsRead">Jobs read this round, to refresh their cards with the news; others get the text only.</param>
    /// <param name="recordedUnder">The claim token a round recorded its news under, to send that news too (see <see cref="IWatchStore.ClaimDeliveriesAsync"/>).</param>
    public async Task<int> DeliverPendingAsync(IReadOnlyDictionary<string, LiteServerJob> jobsRead, CancellationToken stoppingToken,
        string? recordedUnder = null)
    {
        ArgumentNullException.ThrowIfNull(jobsRead);
        var sent = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var deliveries = await store.ClaimDeliveriesAsync(now, _options.ClaimLease, _options.JobsPerClaim, stoppingToken, recordedUnder)
                .ConfigureAwait(false);
            if (deliveries.Count == 0)
            {
                break;
            }
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency };
            await Parallel.ForEachAsync(deliveries, parallel, async (delivery, _) =>
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                var job = jobsRead.GetValueOrDefault(delivery.Target.JobId);
                if (await DeliverAsync(delivery, job).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref sent);
                }
            }).ConfigureAwait(false);
        }
        return sent;
    }

    /// <summary>Progress without news: refreshes the watch's card in place; a deleted card message is forgotten.</summary>
    public async Task RefreshCardAsync(Watch watch, LiteServerJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        if (watch.CardActivityId is not { } cardId)
        {
            return;
        }
        if (!await pace.TakeTurnIfFreeAsync(watch.ConversationId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var outcome = await TryAsync(watch, () => notifier.UpdateCardAsync(watch, job, cancellationToken)).ConfigureAwait(false);
        // A card that could not be refreshed is not retried for its own sake: the next change refreshes it. A deleted
        // one is forgotten; the watch goes on, and its news still arrives as new messages.
        if (outcome.Kind == NotifyOutcomeKind.CardGone)
        {
            await store.ForgetCardAsync(watch.Id, cardId, cancellationToken).ConfigureAwait(false);
            LogCardGone(logger, watch.ConversationId, watch.JobId, cardId);
        }
    }

    // The post and the mark take no stopping token: shutdown waits for the pair instead of cutting it.
    private async Task<bool> DeliverAsync(Delivery delivery, LiteServerJob? job)
    {
        var watch = delivery.Target;
        if (!await pace.TakeTurnAsync(delivery).ConfigureAwait(false))
        {
            return false;
        }
        LogPosting(logger, delivery.Id, watch.ConversationId, watch.JobId, delivery.Attempts);
        var outcome = await TryAsync(watch, () => notifier.NotifyAsync(watch, delivery.News, job, CancellationToken.None)).ConfigureAwait(false);
        if (outcome.Kind == NotifyOutcomeKind.CardGone)
        {
            outcome = NotifyOutcome.SentWithoutCard(outcome.Detail);
        }
        var now = timeProvider.GetUtcNow();
        var retryAt = now + RetryDelay(outcome, delivery.Attempts);
        var held = await MarkAsync(delivery, outcome, now, retryAt).ConfigureAwait(false);
        await pace.AfterPostAsync(watch.ConversationId, outcome, retryAt).ConfigureAwait(false);
        Count(outcome.Kind, held);
        switch (outcome.Kind)
        {
            case NotifyOutcomeKind.Sent when held:
                LogSent(logger, watch.ConversationId, watch.JobId, delivery.News.Kind, delivery.Attempts);
                return true;
            case NotifyOutcomeKind.Sent:
                Interlocked.Increment(ref _possibleRepeats);
                LogClaimLost(logger, delivery.Id, watch.ConversationId, watch.JobId);
                return true;
            case NotifyOutcomeKind.ConversationGone:
                LogConversationGone(logger, watch.ConversationId, watch.JobId, outcome.Detail);
                return false;
            case NotifyOutcomeKind.Throttled:
                LogThrottled(logger, watch.ConversationId, watch.JobId, retryAt - now);
                return false;
            default:
                LogSendFailed(logger, watch.ConversationId, watch.JobId, outcome.Detail, retryAt - now);
                return false;
        }
    }

    private void Count(NotifyOutcomeKind kind, bool held)
    {
        if (kind != NotifyOutcomeKind.Sent)
        {
            metrics.RecordDeliveryFailed();
        }
        else if (held)
        {
            metrics.RecordDeliverySent();
        }
        else
        {
            metrics.RecordDeliveryRepeated();
        }
    }

    // After a post, the mark is what keeps the news from going out again: while the store cannot be reached, try again
    // until the claim's lease would end (after that, another instance may already be sending it).
    private async Task<bool> MarkAsync(Delivery delivery, NotifyOutcome outcome, DateTimeOffset now, DateTimeOffset retryAt)
    {
        var giveUpAt = now + _options.ClaimLease;
        while (true)
        {
            try
            {
                return await store.MarkAsync(delivery, outcome, timeProvider.GetUtcNow(), retryAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (WatchStoreUnavailableException error) when (timeProvider.GetUtcNow() + MarkRetry < giveUpAt)
            {
                LogMarkRetried(logger, delivery.Id, error.Message);
                await Task.Delay(MarkRetry, timeProvider, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan RetryDelay(NotifyOutcome outcome, int attempts)
    {
        if (outcome is { Kind: NotifyOutcomeKind.Throttled, RetryAfter: { } retryAfter } && retryAfter > MinRetry)
        {
            return retryAfter;
        }
        var backoff = _options.FastPollInterval * Math.Pow(2, Math.Min(Math.Max(attempts - 1, 0), 10));
        return (backoff > JobReader.MaxBackoff ? JobReader.MaxBackoff : backoff) * WatchDecider.Jitter();
    }

    private async Task<NotifyOutcome> TryAsync(Watch watch, Func<Task<NotifyOutcome>> send)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotifierThrew(logger, ex, watch.ConversationId, watch.JobId);
            return NotifyOutcome.Failed(ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Posting delivery {DeliveryId} to conversation {ConversationId} (job {JobId}, attempt {Attempt})")]
    private static partial void LogPosting(ILogger logger, long deliveryId, string conversationId, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Told conversation {ConversationId} about job {JobId}: {Kind} (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, string conversationId, string jobId, JobNotificationKind kind, int attempt);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Delivery {DeliveryId} to conversation {ConversationId} (job {JobId}) was posted after its claim was taken over: it may have been posted twice")]
    private static partial void LogClaimLost(ILogger logger, long deliveryId, string conversationId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} is gone ({Detail}); its watch of job {JobId} is disabled and will not be retried")]
    private static partial void LogConversationGone(ILogger logger, string conversationId, string jobId, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} throttled us; job {JobId} news retried in {Wait}")]
    private static partial void LogThrottled(ILogger logger, string conversationId, string jobId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post to conversation {ConversationId} about job {JobId} ({Detail}); retried in {Wait}")]
    private static partial void LogSendFailed(ILogger logger, string conversationId, string jobId, string? detail, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "The card message {ActivityId} of job {JobId} in conversation {ConversationId} is gone; the watch goes on without it")]
    private static partial void LogCardGone(ILogger logger, string conversationId, string jobId, string activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} was posted but the watch store is unreachable ({Error}); marking it again")]
    private static partial void LogMarkRetried(ILogger logger, long deliveryId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notifier threw for conversation {ConversationId}, job {JobId}; taken as a failed send")]
    private static partial void LogNotifierThrew(ILogger logger, Exception exception, string conversationId, string jobId);
}
