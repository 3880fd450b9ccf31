using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Delivers subscriptions' news from the outbox: claims it (a job's oldest first, so its first post gives the thread
/// for the rest), posts it, marks it, keeping the post that opened the job's thread. The job for the card comes from
/// the round that found the news, else it is read again; a deletion needs no job (it is a text reply, and a deletion
/// of a job whose first post never went out has no thread to say it in, so it is dropped). As for watches, a crash
/// between a post and its mark repeats that one post after the lease.
/// </summary>
public sealed partial class SubscriptionSender(
    IFeedStore store,
    ISubscriptionNotifier notifier,
    SubscriptionDigests digests,
    JobReader reader,
    IOptions<WatchOptions> options,
    TimeProvider time,
    ConversationPace pace,
    ILogger<SubscriptionSender> logger)
{
    private readonly WatchOptions _options = options.Value;

    /// <summary>Sends what is due now, until nothing is left that may go now. Returns how many went out.</summary>
    public async Task<int> DeliverPendingAsync(IReadOnlyDictionary<string, LiteServerJob> jobsRead, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(jobsRead);
        var sent = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var deliveries = await store.ClaimSubscriptionDeliveriesAsync(time.GetUtcNow(), _options.ClaimLease, _options.JobsPerClaim, stoppingToken)
                .ConfigureAwait(false);
            if (deliveries.Count == 0)
            {
                break;
            }
            foreach (var delivery in deliveries)
            {
                if (await DeliverAsync(delivery, jobsRead).ConfigureAwait(false))
                {
                    sent++;
                }
            }
        }
        return sent;
    }

    // The post and its mark take no stopping token: shutdown waits for the pair instead of cutting it.
    private async Task<bool> DeliverAsync(SubscriptionDelivery delivery, IReadOnlyDictionary<string, LiteServerJob> jobsRead)
    {
        if (!await pace.TakeTurnAsync(delivery).ConfigureAwait(false))
        {
            return false;
        }
        // A deleted job can no longer be read: its news is a text reply in the job's thread, the post's card left as it was.
        var deleted = delivery.Kind == SubscriptionNewsKind.Deleted;
        var job = deleted ? null : jobsRead.GetValueOrDefault(delivery.JobId)
            ?? (await reader.ReadAsync(delivery.JobId, CancellationToken.None).ConfigureAwait(false)).Job;
        NotifyOutcome outcome;
        string? postId = null;
        if (deleted)
        {
            if (delivery.PostActivityId is not { } deletedThread)
            {
                LogNoThread(logger, delivery.Subscription.ConversationId, delivery.JobId);
                await store.MarkSubscriptionDeliveryAsync(delivery, NotifyOutcome.Sent(), null, time.GetUtcNow(), time.GetUtcNow(), CancellationToken.None)
                    .ConfigureAwait(false);
                return false;
            }
            outcome = await notifier.PostLaterAsync(delivery.Subscription, null, delivery.Text, deletedThread, CancellationToken.None).ConfigureAwait(false);
        }
        else if (job is null)
        {
            outcome = NotifyOutcome.Failed("the job could not be read for its card");
        }
        else if (delivery.PostActivityId is not null
            && await digests.PostInDigestThreadAsync(delivery, job, CancellationToken.None).ConfigureAwait(false) is { } inDigest)
        {
            outcome = inDigest;
        }
        else if (delivery.PostActivityId is { } thread)
        {
            outcome = await notifier.PostLaterAsync(delivery.Subscription, job, delivery.Text, thread, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            (outcome, postId) = await digests.PostFirstAsync(delivery, job, CancellationToken.None).ConfigureAwait(false);
        }
        var now = time.GetUtcNow();
        var backoff = _options.FastPollInterval * Math.Pow(2, Math.Min(Math.Max(delivery.Attempts - 1, 0), 10));
        var retryAt = now + (outcome.RetryAfter is { } wait && wait > backoff ? wait : backoff > JobReader.MaxBackoff ? JobReader.MaxBackoff : backoff);
        var held = await store.MarkSubscriptionDeliveryAsync(delivery, outcome, postId, now, retryAt, CancellationToken.None).ConfigureAwait(false);
        await pace.AfterPostAsync(delivery.Subscription.ConversationId, outcome, retryAt).ConfigureAwait(false);
        if (outcome.Kind == NotifyOutcomeKind.Sent)
        {
            LogSent(logger, delivery.Subscription.ConversationId, delivery.JobId, held);
            return true;
        }
        LogNotSent(logger, delivery.Subscription.ConversationId, delivery.JobId, outcome.Kind, outcome.Detail);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Told subscribed conversation {ConversationId} about job {JobId} (claim still held: {Held})")]
    private static partial void LogSent(ILogger logger, string conversationId, string jobId, bool held);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Job {JobId} was deleted but subscribed conversation {ConversationId} never got its first post: nothing to reply to")]
    private static partial void LogNoThread(ILogger logger, string conversationId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell subscribed conversation {ConversationId} about job {JobId}: {Kind} ({Detail})")]
    private static partial void LogNotSent(ILogger logger, string conversationId, string jobId, NotifyOutcomeKind kind, string? detail);
}
