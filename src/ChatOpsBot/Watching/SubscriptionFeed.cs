using System.Globalization;
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
/// changed jobs that a subscription follows and that fail or failed, or that ended. News for a subscription is a failed
/// task it was not told of (a job already failing when the subscription was made is noted, not told: its new failures
/// are), then the end and the deletion of a job it told of, each once. A job that never fails is never mentioned.
/// See docs/subscriptions.md.
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
        var deletions = new List<PendingSubscriptionNews>();
        var activeById = active.ToDictionary(s => s.Id);
        // The claim lasts ClaimLease; a round with many reads (the first of a big project reads every failing job) may
        // take longer, so it is renewed while the round runs, or another instance would take the feed over and start the
        // round again. Stopped before the record, which releases the claim.
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewClaimAsync(projectId, claim.Token, renewing.Token);
        try
        {
            var candidates = new List<Candidate>(changed.Count);
            foreach (var (summary, row, old) in changed)
            {
                var following = active.Where(s => s.Filter.Matches(summary)).ToList();
                var failing = summary.AbnormalCount is > 0 || old?.AbnormalCount is > 0;
                // Only a job some subscription told of has an end worth telling, and it must have been seen before to have
                // been told of: a row first seen already ended (the first list of a big project) costs no store query.
                var endedNow = old is not null && JobStatuses.IsTerminal(row.Status) && !SameStatus(old.Status, row.Status);
                var deleted = JobStatuses.Is(row.Status, JobStatuses.Deleted);
                candidates.Add(new Candidate(summary, row, following, failing,
                    following.Count > 0 && (failing || endedNow) && !deleted, deleted && following.Count > 0 && (failing || endedNow)));
            }
            // The changed jobs are looked up and read a few at a time (Watching:MaxConcurrency, as the watch poller
            // reads), then dealt with one by one in list order, so the outcome does not depend on which read came first.
            var looks = new JobLook?[candidates.Count];
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Considered), parallel,
                async (index, ct) => looks[index] = await LookAsync(candidates[index], ct).ConfigureAwait(false)).ConfigureAwait(false);
            for (var index = 0; index < candidates.Count; index++)
            {
                var (summary, row, _, failing, _, deleted) = candidates[index];
                if (deleted)
                {
                    // A deleted job is not read: the list row says all there is to tell.
                    record.Add(row);
                    await TellDeletionAsync(row.JobId, $"🗑️ {LabelOf(summary.Name, row.JobId)} was deleted", activeById, told, deletions, cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }
                if (looks[index] is not { Reading: { } reading } look)
                {
                    // Not followed, nothing to tell, or nothing left to tell (it ended without failing, or no subscription
                    // told of it): no read.
                    record.Add(row);
                    continue;
                }
                read.Add(row.JobId);
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
                await ComputeNewsAsync(summary, row, job, look, told, news, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }
        foreach (var jobId in vanished)
        {
            // The list does not say why a job left it; its name went with its row.
            await TellDeletionAsync(jobId, $"🗑️ {TeamsText.Escape(jobId)} is gone: the project's job list no longer has it", activeById, told,
                deletions, cancellationToken).ConfigureAwait(false);
        }
        IReadOnlyList<PendingSubscriptionNews> outbox =
            [.. news.Select(n => new PendingSubscriptionNews(n.Subscription.Id, n.Job.Id!, TextOf(n), n.Kind)), .. deletions];
        var recorded = await feed.RecordFeedAsync(projectId, claim.Token, record, vanished, told, outbox, morePages, now, nextListAt, cancellationToken)
            .ConfigureAwait(false);
        if (!recorded)
        {
            // Another instance took the feed over: what it records stands, and this round's news is its to tell.
            LogClaimLost(logger);
            return new FeedRound(true, changed.Count, read, []);
        }
        return new FeedRound(true, changed.Count, read, news) { Deletions = deletions };
    }

    /// <summary>A changed row, with whether it may be news: followed, failing or ended, and not deleted (read) or deleted (told from the row).</summary>
    private sealed record Candidate(LiteServerJobSummary Summary, FeedRow Row, IReadOnlyList<Subscription> Following, bool Failing,
        bool Considered, bool Deleted);

    /// <summary>What the subscriptions following a changed job know of it, the ones with something left to tell, and its read.</summary>
    private sealed record JobLook(Dictionary<long, SubscriptionJobState> States, IReadOnlyList<Subscription> Open, JobReading? Reading);

    private async Task<JobLook> LookAsync(Candidate candidate, CancellationToken cancellationToken)
    {
        var states = (await subscriptions.ListJobStatesAsync(candidate.Row.JobId, cancellationToken).ConfigureAwait(false))
            .ToDictionary(s => s.SubscriptionId);
        // A subscription that dealt with the job's end has nothing more to say until the row says DELETED.
        var open = candidate.Following.Where(s => states.GetValueOrDefault(s.Id) is not { EndTold: not JobEndTold.Nothing }).ToList();
        if (open.Count == 0 || (!candidate.Failing && !open.Any(s => states.GetValueOrDefault(s.Id) is { Heard: true })))
        {
            return new JobLook(states, open, null);
        }
        return new JobLook(states, open, await reader.ReadAsync(candidate.Row.JobId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// For each subscription with something left to tell of a job read: a failed task it was not told of (unless the job
    /// was already failing when it was made), or the end of a job it told of; and what it now knows of the job.
    /// </summary>
    private async Task ComputeNewsAsync(LiteServerJobSummary summary, FeedRow row, LiteServerJob job, JobLook look,
        List<SubscriptionJobState> told, List<SubscriptionNews> news, CancellationToken cancellationToken)
    {
        var keys = FailedTaskKeys.Of(job);
        var end = !JobStatuses.IsTerminal(job.Status) ? JobEndTold.Nothing
            : JobStatuses.Is(job.Status, JobStatuses.Deleted) ? JobEndTold.Deletion : JobEndTold.End;
        IReadOnlySet<string>? watching = null;
        foreach (var subscription in look.Open)
        {
            var state = look.States.GetValueOrDefault(subscription.Id);
            var alreadyFailing = state?.Baseline == true
                || (state is null && summary.UpdatedAt is { } updated && updated <= subscription.CreatedAt);
            var fresh = keys.Except(state?.ToldKeys ?? []).ToList();
            var heard = state?.Heard == true;
            SubscriptionNewsKind? kind = heard && end != JobEndTold.Nothing ? KindOf(end)
                : fresh.Count > 0 && !alreadyFailing ? SubscriptionNewsKind.Failures
                : null;
            // A first post about a job that already ended says so: its end is not told a second time.
            var endTold = heard || kind is not null ? end : JobEndTold.Nothing;
            if (kind is { } tell && state?.Muted != true)
            {
                watching ??= await ConversationsWatchingAsync(row.JobId, cancellationToken).ConfigureAwait(false);
                if (!watching.Contains(SubscriptionConversation.Of(subscription.ConversationId)))
                {
                    news.Add(new SubscriptionNews(subscription, job, fresh, state?.PostActivityId, tell));
                    heard = true;
                }
            }
            if (state is null || state.Baseline || !state.ToldKeys.SequenceEqual(keys) || heard != state.Heard || endTold != state.EndTold)
            {
                told.Add(new SubscriptionJobState(subscription.Id, row.JobId, keys, state?.PostActivityId, state?.Muted ?? false,
                    Heard: heard, EndTold: endTold));
            }
        }
    }

    /// <summary>
    /// Renews the feed's claim every third of the lease until the round is over (cancelled before its record). A claim
    /// found taken over is not taken back: the round goes on and its record is refused.
    /// </summary>
    private async Task RenewClaimAsync(string projectId, string claimToken, CancellationToken cancellationToken)
    {
        var every = _options.ClaimLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
                if (!await feed.RenewFeedClaimAsync(projectId, claimToken, time.GetUtcNow() + _options.ClaimLease, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
                LogClaimRenewed(logger, _options.ClaimLease);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The round is over.
        }
        catch (WatchStoreUnavailableException error)
        {
            // The record will meet the same store; the round is not stopped for it.
            LogRenewFailed(logger, error.Message);
        }
    }

    /// <summary>
    /// A job deleted (its row says DELETED, or a complete list answer no longer has it): news for each subscription that
    /// told of it and has not told its deletion, unless muted or a watch in the same conversation tells it.
    /// </summary>
    private async Task TellDeletionAsync(string jobId, string text, Dictionary<long, Subscription> activeById,
        List<SubscriptionJobState> told, List<PendingSubscriptionNews> deletions, CancellationToken cancellationToken)
    {
        IReadOnlySet<string>? watching = null;
        foreach (var state in await subscriptions.ListJobStatesAsync(jobId, cancellationToken).ConfigureAwait(false))
        {
            if (!state.Heard || state.EndTold == JobEndTold.Deletion || !activeById.TryGetValue(state.SubscriptionId, out var subscription))
            {
                continue;
            }
            told.Add(state with { EndTold = JobEndTold.Deletion });
            if (state.Muted)
            {
                continue;
            }
            watching ??= await ConversationsWatchingAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (!watching.Contains(SubscriptionConversation.Of(subscription.ConversationId)))
            {
                deletions.Add(new PendingSubscriptionNews(subscription.Id, jobId, text, SubscriptionNewsKind.Deleted));
            }
        }
    }

    /// <summary>
    /// A job both watched and subscribed in one conversation gets one message per piece of news, not two: the watch
    /// tells it (it says every new failure, the end and the deletion, and its card is the one the conversation asked
    /// for), and the subscription only notes what it would have told. Channels compare the channel itself, so a watch
    /// typed in any thread of it counts.
    /// </summary>
    private async Task<IReadOnlySet<string>> ConversationsWatchingAsync(string jobId, CancellationToken cancellationToken) =>
        (await feed.ListConversationsWatchingAsync(jobId, cancellationToken).ConfigureAwait(false))
            .Select(SubscriptionConversation.Of).ToHashSet(StringComparer.Ordinal);

    private static SubscriptionNewsKind KindOf(JobEndTold end) =>
        end == JobEndTold.Deletion ? SubscriptionNewsKind.Deleted : SubscriptionNewsKind.Ended;

    private static bool SameStatus(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string LabelOf(string? name, string jobId) => TeamsText.Escape(!string.IsNullOrWhiteSpace(name) ? name.Trim() : jobId);

    /// <summary>
    /// The one line a post shows (and a phone previews): which job, how many tasks failed, and the first new one's reason; for the
    /// end, how it ended and how many of its tasks failed.
    /// </summary>
    public static string TextOf(SubscriptionNews news)
    {
        ArgumentNullException.ThrowIfNull(news);
        if (news.Kind != SubscriptionNewsKind.Failures)
        {
            return EndTextOf(news.Job);
        }
        var count = news.NewKeys.Count;
        var more = news.PostActivityId is null ? "" : " more";
        // The reason of a task that is news: later news must not repeat the cause the post already told.
        var fresh = news.NewKeys.ToHashSet();
        var reason = news.Job.Tasks.FirstOrDefault(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed) && !string.IsNullOrWhiteSpace(t.Message)
            && (FailedTaskKeys.KeyOf(t) is not { } key || fresh.Contains(key)))?.Message;
        var ended = !JobStatuses.IsTerminal(news.Job.Status) ? ""
            : JobStatuses.Is(news.Job.Status, JobStatuses.Failed) ? "; the job failed"
            : JobStatuses.Is(news.Job.Status, JobStatuses.Deleted) ? "; the job was deleted"
            : "; the job finished";
        return $"🔴 {JobChangeDetector.LabelOf(news.Job)}: {count}{more} {(count == 1 ? "task" : "tasks")} failed"
            + (reason is null ? "" : $" ({TeamsText.Escape(reason)})") + ended;
    }

    /// <summary>"⏹ train-bert-large finished: 4 of 16 tasks failed", for a job that reached a final status.</summary>
    public static string EndTextOf(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var label = JobChangeDetector.LabelOf(job);
        if (JobStatuses.Is(job.Status, JobStatuses.Deleted))
        {
            return $"🗑️ {label} was deleted";
        }
        var failed = job.Tasks.Count > 0 ? job.Tasks.Count(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed)) : job.AbnormalCount ?? 0;
        var total = job.Tasks.Count;
        var counted = failed == 0 ? "no failed tasks"
            : total > 0 ? string.Create(CultureInfo.InvariantCulture, $"{failed} of {total} {(total == 1 ? "task" : "tasks")} failed")
            : string.Create(CultureInfo.InvariantCulture, $"{failed} {(failed == 1 ? "task" : "tasks")} failed");
        return JobStatuses.Is(job.Status, JobStatuses.Failed) ? $"❌ {label} failed: {counted}"
            : failed > 0 ? $"⏹ {label} finished: {counted}"
            : $"✅ {label} finished: {counted}";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the project's jobs failed; the feed tries again in {Delay}")]
    private static partial void LogListFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The project's job list has {Total} jobs but the answer sent {Sent}: jobs beyond the first page are not seen by subscriptions")]
    private static partial void LogMorePages(ILogger logger, int? total, int sent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The project feed's claim was taken over before its round was recorded; that round is dropped")]
    private static partial void LogClaimLost(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The project feed's round is still running; its claim is renewed for {Lease}")]
    private static partial void LogClaimRenewed(ILogger logger, TimeSpan lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the project feed's claim failed: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string reason);
}
