using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Starts a watch from <c>watch &lt;id&gt;</c> or the card's Watch button, given the job the handler just read.
/// The job as the user saw it becomes the watch's baseline, so the first poll does not re-announce failures that were
/// already on the card.
/// </summary>
public sealed class JobWatcher(IWatchStore store, JobChangeDetector detector, IOptions<WatchOptions> options, TimeProvider timeProvider)
{
    public async Task<AddWatchResult> WatchAsync(WatchRequest request, LiteServerJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(job);
        if (!detector.CanWatch(job, out var ended))
        {
            return new AddWatchResult(AddWatchOutcome.JobAlreadyEnded, null, options.Value.MaxWatchesPerConversation, ended);
        }
        var now = timeProvider.GetUtcNow();
        var baseline = JobSnapshot.From(job);
        var watch = new Watch
        {
            ConversationId = request.ConversationId,
            JobId = request.JobId,
            RequestedByUserId = request.RequestedByUserId,
            RequestedByName = request.RequestedByName,
            Mentions = request.Mentions ?? [],
            ConversationReference = request.ConversationReference,
            ServiceUrl = request.ServiceUrl,
            TenantId = request.TenantId,
            CreatedAt = now,
            CardActivityId = request.CardActivityId,
            LastSeen = baseline,
            LastNotified = baseline,
            NextPollAt = now + options.Value.FastPollInterval,
        };
        return await store.AddAsync(watch, cancellationToken).ConfigureAwait(false);
    }
}
