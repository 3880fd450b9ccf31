using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// A burst in one subscribed conversation: the first <see cref="FailureDigestCardBuilder.PostedAlone"/> jobs whose first
/// news is due within <see cref="SubscriptionOptions.DigestWindow"/> post on their own; from the next one, one digest
/// post lists them (its card updated in place as more come) and becomes their thread. The store decides each job's
/// place once, under the conversation's lock, so instances racing open one digest and a retry gets the same answer.
/// </summary>
public sealed partial class SubscriptionDigests(
    IDigestStore store,
    ISubscriptionNotifier notifier,
    ISubscriptionDigestNotifier digestNotifier,
    FailureDigestCardBuilder cards,
    IOptions<SubscriptionOptions> subscriptionOptions,
    IOptions<WatchOptions> watchOptions,
    TimeProvider time,
    ILogger<SubscriptionDigests> logger)
{
    private readonly TimeSpan _window = subscriptionOptions.Value.DigestWindow;
    private readonly TimeSpan _lease = watchOptions.Value.ClaimLease;

    /// <summary>
    /// The first news of a job: its own post, or its place in the window's digest (posting the digest, or updating it).
    /// Returns the outcome and the post that is the job's thread from now on.
    /// </summary>
    public async Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(SubscriptionDelivery delivery, LiteServerJob job,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(job);
        var subscription = delivery.Subscription;
        var placement = await store.PlaceFirstNewsAsync(subscription, RowOf(job), _window, FailureDigestCardBuilder.PostedAlone,
            time.GetUtcNow(), _lease, cancellationToken).ConfigureAwait(false);
        switch (placement.Kind)
        {
            case DigestPlacementKind.OpenDigest:
                var digest = placement.Digest!;
                var (outcome, postId) = await digestNotifier.PostDigestAsync(subscription, Card(digest), cancellationToken).ConfigureAwait(false);
                var kept = await store.RecordDigestPostAsync(subscription, digest.Id, placement.OpeningToken!,
                    outcome.Kind == NotifyOutcomeKind.Sent ? postId : null, cancellationToken).ConfigureAwait(false);
                if (outcome.Kind == NotifyOutcomeKind.Sent)
                {
                    LogDigestPosted(logger, subscription.ConversationId, digest.Id, digest.Jobs.Count);
                }
                return (outcome, kept ?? postId);
            case DigestPlacementKind.UpdateDigest:
                var posted = placement.Digest!;
                var updated = await digestNotifier.UpdateDigestAsync(subscription, Card(posted), posted.PostActivityId!, cancellationToken)
                    .ConfigureAwait(false);
                // The digest's message was deleted: the job is still told (it is in the store's digest), only the card is gone.
                return (updated.Kind == NotifyOutcomeKind.CardGone ? NotifyOutcome.SentWithoutCard(updated.Detail) : updated, posted.PostActivityId);
            case DigestPlacementKind.Wait:
                return (NotifyOutcome.Failed("the window's digest is being posted by another delivery"), null);
            default:
                return await notifier.PostFirstAsync(subscription, job, delivery.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Later news of a job that is in a digest: a reply in the digest's thread and the digest's card updated in place
    /// (its row refreshed); null when the job is not in a digest.
    /// </summary>
    public async Task<NotifyOutcome?> PostInDigestThreadAsync(SubscriptionDelivery delivery, LiteServerJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(job);
        var digest = await store.RefreshDigestRowAsync(delivery.Subscription, RowOf(job), FailureDigestCardBuilder.PostedAlone, cancellationToken)
            .ConfigureAwait(false);
        if (digest?.PostActivityId is not { } postId)
        {
            return null;
        }
        return await digestNotifier.PostInDigestThreadAsync(delivery.Subscription, Card(digest), delivery.Text, postId, cancellationToken)
            .ConfigureAwait(false);
    }

    private CardMessage Card(SubscriptionDigest digest) => cards.Build(digest.Jobs, digest.WindowStart, digest.Window);

    private static LiteServerJobSummary RowOf(LiteServerJob job) => new()
    {
        Id = job.Id,
        Name = job.Name,
        Type = job.Type,
        Status = job.Status,
        AbnormalCount = job.AbnormalCount ?? job.Tasks.Count(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed)),
        CreatedAt = job.CreatedAt,
        UpdatedAt = job.UpdatedAt,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Posted burst digest {DigestId} in subscribed conversation {ConversationId} with {Jobs} job(s)")]
    private static partial void LogDigestPosted(ILogger logger, string conversationId, long digestId, int jobs);
}
