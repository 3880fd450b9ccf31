using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Polls watched jobs and tells each watching conversation what changed, once. A round reads the due watches, reads
/// each job once however many conversations watch it (at most <see cref="WatchOptions.MaxConcurrency"/> at a time),
/// then for each watch: news → message, progress → card refreshed in place, nothing → next poll scheduled.
/// Schedules live in the store (<see cref="Watch.NextPollAt"/>), so a restart picks up where the last run stopped.
/// </summary>
public sealed partial class JobWatchPoller(
    IWatchStore store,
    ILiteServerJobClient client,
    IWatchNotifier notifier,
    JobChangeDetector detector,
    IOptions<WatchOptions> options,
    TimeProvider timeProvider,
    ILogger<JobWatchPoller> logger) : BackgroundService
{
    /// <summary>The longest wait between reads of a job the API keeps refusing (unless PollInterval is longer).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    private const double JitterRatio = 0.1;
    private static readonly TimeSpan MinRoundPeriod = TimeSpan.FromSeconds(1);

    private readonly WatchOptions _options = options.Value;

    // Consecutive failed reads per job, for the exponential backoff; forgotten at the first good read. Only this
    // counter is in memory: the resulting wait is stored as each watch's next poll.
    private readonly ConcurrentDictionary<string, int> _failedReads = new(StringComparer.Ordinal);

    /// <summary>How often the poller looks for due watches: a third of the fast interval, so a due watch waits little.</summary>
    public TimeSpan RoundPeriod => _options.FastPollInterval / 3 > MinRoundPeriod ? _options.FastPollInterval / 3 : MinRoundPeriod;

    /// <summary>One full round over the watches due now. Throws only when the due watches cannot be read.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var due = await store.GetDueAsync(now, cancellationToken).ConfigureAwait(false);
        if (due.Count == 0)
        {
            return;
        }
        var expired = due.Where(w => now - w.CreatedAt >= _options.MaxWatchAge).ToList();
        foreach (var watch in expired)
        {
            // Ends with a notice rather than silently: a watch that stops without a word is what users distrust most.
            await GuardAsync(watch, () => NotifyAsync(watch, detector.Expired(watch.JobId, _options.MaxWatchAge), null, now,
                Jitter(), disableReason: null, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        var byJob = due.Where(w => now - w.CreatedAt < _options.MaxWatchAge).GroupBy(w => w.JobId, StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byJob, parallel,
            async (job, ct) => await PollJobAsync(job.Key, [.. job], now, ct).ConfigureAwait(false)).ConfigureAwait(false);
        LogRound(logger, due.Count, expired.Count);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RoundPeriod, timeProvider);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task PollJobAsync(string jobId, IReadOnlyList<Watch> watches, DateTimeOffset now, CancellationToken cancellationToken)
    {
        LiteServerJob job;
        try
        {
            job = await client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelArtsApiException ex) when (ex.Kind is ModelArtsErrorKind.NotFound or ModelArtsErrorKind.Forbidden)
        {
            _failedReads.TryRemove(jobId, out _);
            LogJobNotVisible(logger, jobId, ex.Kind, ex.RequestId);
            var notice = detector.NotVisible(jobId, ex.Kind);
            foreach (var watch in watches)
            {
                await GuardAsync(watch, () => NotifyAsync(watch, notice, null, now, Jitter(), $"job not visible ({ex.Kind})",
                    cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await BackOffAsync(jobId, watches, ex, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        _failedReads.TryRemove(jobId, out _);
        job = job.Id is null ? job with { Id = jobId } : job;
        var snapshot = JobSnapshot.From(job);
        var label = JobChangeDetector.LabelOf(job);
        // One jitter for the whole job keeps its watches polled together, so later rounds still read it once.
        var jitter = Jitter();
        foreach (var watch in watches)
        {
            await GuardAsync(watch, () => UpdateWatchAsync(watch, job, snapshot, label, now, jitter, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UpdateWatchAsync(Watch watch, LiteServerJob job, JobSnapshot snapshot, string label, DateTimeOffset now,
        double jitter, CancellationToken cancellationToken)
    {
        var news = detector.Detect(watch.LastNotified, job);
        if (news is not null)
        {
            await NotifyAsync(watch, news, job, now, jitter, disableReason: null, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (JobStatuses.IsTerminal(snapshot.Status))
        {
            // The conversation was already told how the job ended; nothing more will come.
            await store.RemoveAsync(watch.Id, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (watch.CardActivityId is not null && !snapshot.Equals(watch.LastSeen))
        {
            var outcome = await SendAsync(watch, () => notifier.UpdateCardAsync(watch, job, cancellationToken)).ConfigureAwait(false);
            // A card that could not be refreshed is not retried for its own sake (the next change refreshes it):
            // only a gone conversation or throttling change the course.
            if (outcome.Kind is NotifyOutcomeKind.ConversationGone or NotifyOutcomeKind.Throttled)
            {
                await HandleNotSentAsync(watch, outcome, now, jitter, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        await store.RecordSeenAsync(watch.Id, snapshot, NextPollAt(watch, now, jitter), cancellationToken).ConfigureAwait(false);
    }

    /// <param name="disableReason">For a notice that ends the watch: disable it with this reason instead of removing it.</param>
    private async Task NotifyAsync(Watch watch, JobNotification news, LiteServerJob? job, DateTimeOffset now, double jitter,
        string? disableReason, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(watch, () => notifier.NotifyAsync(watch, news, job, cancellationToken)).ConfigureAwait(false);
        if (outcome.Kind != NotifyOutcomeKind.Sent)
        {
            await HandleNotSentAsync(watch, outcome, now, jitter, cancellationToken).ConfigureAwait(false);
            return;
        }
        // The message is out: record it before anything else. Delivery is at least once, never lost: if the process
        // dies before this write lands, the store still holds the previous LastNotified, and the next run (same
        // watch, same job) detects this news again and sends it a second time. The window is the notifier's card
        // update plus this one write, milliseconds, so a repeat needs a crash inside them; the end-to-end test
        // KillBetweenSendAndRecordTests kills the bot process there and sees the news once more after restart.
        if (!news.EndsWatch)
        {
            await store.RecordNotifiedAsync(watch.Id, news.Snapshot!, outcome.CardActivityId, NextPollAt(watch, now, jitter),
                cancellationToken).ConfigureAwait(false);
        }
        else if (disableReason is not null)
        {
            await store.DisableAsync(watch.Id, disableReason, now, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.RemoveAsync(watch.Id, cancellationToken).ConfigureAwait(false);
        }
        LogNotified(logger, watch.ConversationId, watch.JobId, news.Kind, news.EndsWatch);
    }

    private async Task HandleNotSentAsync(Watch watch, NotifyOutcome outcome, DateTimeOffset now, double jitter,
        CancellationToken cancellationToken)
    {
        switch (outcome.Kind)
        {
            case NotifyOutcomeKind.ConversationGone:
                // The bot was removed or blocked: retrying would only collect more 403s.
                await store.DisableAsync(watch.Id, $"conversation gone ({outcome.Detail ?? "the bot was removed or blocked"})", now,
                    cancellationToken).ConfigureAwait(false);
                LogConversationGone(logger, watch.ConversationId, watch.JobId, outcome.Detail);
                break;
            case NotifyOutcomeKind.Throttled:
                var wait = outcome.RetryAfter is { } retryAfter && retryAfter > MinRoundPeriod
                    ? retryAfter
                    : _options.FastPollInterval * jitter;
                await store.RescheduleAsync(watch.Id, now + wait, cancellationToken).ConfigureAwait(false);
                LogThrottled(logger, watch.ConversationId, watch.JobId, wait);
                break;
            default:
                await store.RescheduleAsync(watch.Id, NextPollAt(watch, now, jitter), cancellationToken).ConfigureAwait(false);
                LogSendFailed(logger, watch.ConversationId, watch.JobId, outcome.Detail);
                break;
        }
    }

    private async Task BackOffAsync(string jobId, IReadOnlyList<Watch> watches, Exception error, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var failures = _failedReads.AddOrUpdate(jobId, 1, (_, n) => n + 1);
        var apiError = error as ModelArtsApiException;
        var delay = BackoffDelay(failures, apiError?.RetryAfter);
        foreach (var watch in watches)
        {
            await store.RescheduleAsync(watch.Id, now + delay, cancellationToken).ConfigureAwait(false);
        }
        if (apiError is null)
        {
            LogJobReadCrashed(logger, error, jobId, failures, delay);
        }
        else
        {
            LogJobReadFailed(logger, jobId, apiError.Kind, apiError.Message, failures, delay);
        }
    }

    // PollInterval, doubled at each consecutive failure up to MaxBackoff, jittered; never sooner than the gateway's Retry-After.
    private TimeSpan BackoffDelay(int failures, TimeSpan? retryAfter)
    {
        var cap = _options.PollInterval > MaxBackoff ? _options.PollInterval : MaxBackoff;
        var exponential = _options.PollInterval * Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = (exponential > cap ? cap : exponential) * Jitter();
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    private DateTimeOffset NextPollAt(Watch watch, DateTimeOffset now, double jitter) =>
        now + _options.IntervalFor(now - watch.CreatedAt) * jitter;

    // ±10 %: watches created together (a channel watching a batch of jobs) drift apart instead of polling in bursts.
    private static double Jitter() => 1 + ((Random.Shared.NextDouble() * 2) - 1) * JitterRatio;

    private async Task<NotifyOutcome> SendAsync(Watch watch, Func<Task<NotifyOutcome>> send)
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

    // One watch's trouble (a store write, a notifier bug) must not cost the other watches their round.
    private async Task GuardAsync(Watch watch, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogWatchFailed(logger, ex, watch.Id, watch.ConversationId, watch.JobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch round: {Due} due watches, {Expired} expired")]
    private static partial void LogRound(ILogger logger, int due, int expired);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watch round failed; the next round retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Told conversation {ConversationId} about job {JobId}: {Kind} (watch ends: {Ends})")]
    private static partial void LogNotified(ILogger logger, string conversationId, string jobId, JobNotificationKind kind, bool ends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId} is gone ({Detail}); its watch of job {JobId} is disabled and will not be retried")]
    private static partial void LogConversationGone(ILogger logger, string conversationId, string jobId, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId} throttled us; job {JobId} news retried in {Wait}")]
    private static partial void LogThrottled(ILogger logger, string conversationId, string jobId, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post to conversation {ConversationId} about job {JobId} ({Detail}); retried at the next poll")]
    private static partial void LogSendFailed(ILogger logger, string conversationId, string jobId, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "The notifier threw for conversation {ConversationId}, job {JobId}; taken as a failed send")]
    private static partial void LogNotifierThrew(ILogger logger, Exception exception, string conversationId, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watched job {JobId} is not visible any more ({Kind}, request id {RequestId}); its watches end")]
    private static partial void LogJobNotVisible(ILogger logger, string jobId, ModelArtsErrorKind kind, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading watched job {JobId} failed ({Kind}: {Error}); failure {Failures} in a row, next read in {Delay}")]
    private static partial void LogJobReadFailed(ILogger logger, string jobId, ModelArtsErrorKind kind, string error, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading watched job {JobId} threw; failure {Failures} in a row, next read in {Delay}")]
    private static partial void LogJobReadCrashed(ILogger logger, Exception exception, string jobId, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watch {WatchId} (conversation {ConversationId}, job {JobId}) failed this round; it is retried when due")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, long watchId, string conversationId, string jobId);
}
