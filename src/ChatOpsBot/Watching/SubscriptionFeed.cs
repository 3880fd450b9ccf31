using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// One round of the project feed: claim the feed (one list call per project per round across all instances), list the
/// project's jobs once, compare each row (failed nodes, status, last update) with the one kept, and read in full only
/// changed jobs that a subscription follows and that fail or failed. News for a subscription is a failed task it was
/// not told of; a job already failing when the subscription was made is noted, not told (its new failures are).
/// </summary>
public sealed partial class SubscriptionFeed(
    ILiteServerJobClient client,
    IFeedStore feed,
    ISubscriptionStore subscriptions,
    JobReader reader,
    IOptions<WatchOptions> options,
    IOptions<ModelArtsOptions> modelArts,
    TimeProvider time,
    ILogger<SubscriptionFeed> logger)
{
    private readonly WatchOptions _options = options.Value;

    public async Task<FeedRound> RunRoundAsync(CancellationToken cancellationToken)
    {
        // Without subscriptions there is nobody to tell: no list call at all.
        var active = await subscriptions.ListActiveSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        if (active.Count == 0)
        {
            return FeedRound.NotListed;
        }
        var projectId = modelArts.Value.ProjectId ?? "";
        var now = time.GetUtcNow();
        var claim = await feed.ClaimFeedAsync(projectId, now, _options.ClaimLease, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return FeedRound.NotListed;
        }
        var nextListAt = now + _options.ListPollInterval;
        LiteServerJobPage page;
        try
        {
            page = await client.ListJobsAsync(new LiteServerJobQuery(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogListFailed(logger, error, _options.ListPollInterval);
            await feed.RecordFeedAsync(projectId, claim.Token, [], [], [], [], claim.MorePages, now, nextListAt, cancellationToken).ConfigureAwait(false);
            return FeedRound.NotListed;
        }
        var listed = page.Data.Where(r => !string.IsNullOrEmpty(r.Id)).DistinctBy(r => r.Id, StringComparer.Ordinal).ToList();
        var morePages = page.Pages > 1 || page.Total > page.Data.Count;
        if (morePages && !claim.MorePages)
        {
            LogMorePages(logger, page.Total, page.Data.Count);
        }
        var changed = new List<(LiteServerJobSummary Summary, FeedRow Row, FeedRow? Old)>();
        foreach (var summary in listed)
        {
            var row = FeedRow.Of(summary);
            var old = claim.Rows.GetValueOrDefault(row.JobId);
            if (old != row)
            {
                changed.Add((summary, row, old));
            }
        }
        // Rows beyond the first page were not sent: they have not vanished.
        var listedIds = listed.Select(r => r.Id!).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> vanished = morePages ? [] : [.. claim.Rows.Keys.Where(id => !listedIds.Contains(id))];

        var record = new List<FeedRow>();
        var read = new List<string>();
        var told = new List<SubscriptionJobState>();
        var news = new List<SubscriptionNews>();
        foreach (var (summary, row, old) in changed)
        {
            var following = active.Where(s => s.Filter.Matches(summary)).ToList();
            if (following.Count == 0 || (summary.AbnormalCount is not > 0 && old?.AbnormalCount is not > 0))
            {
                record.Add(row);
                continue;
            }
            read.Add(row.JobId);
            var reading = await reader.ReadAsync(row.JobId, cancellationToken).ConfigureAwait(false);
            if (reading.Job is not { } job)
            {
                // A read that failed leaves the old row, so the next round sees the change again and retries.
                if (reading.GoneAs is not null)
                {
                    record.Add(row);
                }
                continue;
            }
            record.Add(row);
            var keys = FailedTaskKeys.Of(job);
            var states = (await subscriptions.ListJobStatesAsync(row.JobId, cancellationToken).ConfigureAwait(false))
                .ToDictionary(s => s.SubscriptionId);
            foreach (var subscription in following)
            {
                var state = states.GetValueOrDefault(subscription.Id);
                var alreadyFailing = state?.Baseline == true
                    || (state is null && summary.UpdatedAt is { } updated && updated <= subscription.CreatedAt);
                var fresh = keys.Except(state?.ToldKeys ?? []).ToList();
                if (fresh.Count > 0 && !alreadyFailing && state?.Muted != true)
                {
                    news.Add(new SubscriptionNews(subscription, job, fresh, state?.PostActivityId));
                }
                if (state is null || state.Baseline || !state.ToldKeys.SequenceEqual(keys))
                {
                    told.Add(new SubscriptionJobState(subscription.Id, row.JobId, keys, state?.PostActivityId, state?.Muted ?? false));
                }
            }
        }
        IReadOnlyList<PendingSubscriptionNews> outbox = [.. news.Select(n => new PendingSubscriptionNews(n.Subscription.Id, n.Job.Id!, TextOf(n)))];
        var recorded = await feed.RecordFeedAsync(projectId, claim.Token, record, vanished, told, outbox, morePages, now, nextListAt, cancellationToken)
            .ConfigureAwait(false);
        if (!recorded)
        {
            // Another instance took the feed over: what it records stands, and this round's news is its to tell.
            LogClaimLost(logger);
            return new FeedRound(true, changed.Count, read, []);
        }
        return new FeedRound(true, changed.Count, read, news);
    }

    /// <summary>The one line a post shows (and a phone previews): which job, how many tasks failed, and the first reason.</summary>
    public static string TextOf(SubscriptionNews news)
    {
        ArgumentNullException.ThrowIfNull(news);
        var count = news.NewKeys.Count;
        var more = news.PostActivityId is null ? "" : " more";
        var reason = news.Job.Tasks.FirstOrDefault(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed) && !string.IsNullOrWhiteSpace(t.Message))?.Message;
        return $"🔴 {JobChangeDetector.LabelOf(news.Job)}: {count}{more} {(count == 1 ? "task" : "tasks")} failed"
            + (reason is null ? "" : $" ({TeamsText.Escape(reason)})");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the project's jobs failed; the feed tries again in {Delay}")]
    private static partial void LogListFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The project's job list has {Total} jobs but the answer sent {Sent}: jobs beyond the first page are not seen by subscriptions")]
    private static partial void LogMorePages(ILogger logger, int? total, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The project feed's claim was taken over before its round was recorded; that round is dropped")]
    private static partial void LogClaimLost(ILogger logger);
}
