using System.Collections.Concurrent;
using ChatOpsBot.Hosting;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Polls watched jobs and tells each watching conversation what changed, once, whichever instance does it. A round:
/// <list type="number">
/// <item>claim: the store hands out due jobs in batches, every watch of a job together, with a lease;</item>
/// <item>fetch: each job is read once (<see cref="JobReader"/>, at most <see cref="WatchOptions.MaxConcurrency"/> at a time);</item>
/// <item>decide: <see cref="WatchDecider"/> and <see cref="JobChangeDetector"/>, no I/O;</item>
/// <item>record: the new snapshots and the news, one transaction per job (<see cref="IWatchStore.RecordAsync"/>);</item>
/// <item>deliver: <see cref="DeliverySender"/> posts pending news and marks it; cards are refreshed after, best effort.</item>
/// </list>
/// Schedules, claims and news live in the store, so a restart, or another instance, picks up where this one stopped.
/// </summary>
public sealed partial class JobWatchPoller(
    IWatchStore store,
    JobReader reader,
    WatchDecider decider,
    DeliverySender sender,
    IPollingGate gate,
    IOptions<WatchOptions> options,
    TimeProvider timeProvider,
    ChatOpsMetrics metrics,
    ILogger<JobWatchPoller> logger) : BackgroundService
{
    private static readonly TimeSpan MinRoundPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgePeriod = TimeSpan.FromHours(1);
    private static readonly TimeSpan DeliveryHistory = TimeSpan.FromDays(1);
    private static readonly TimeSpan CountPeriod = TimeSpan.FromMinutes(1);

    private readonly WatchOptions _options = options.Value;
    private DateTimeOffset _nextPurgeAt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextCountAt = DateTimeOffset.MinValue;
    private bool _paused;

    /// <summary>How often the poller looks for due watches: a third of the fast interval, so a due watch waits little.</summary>
    public TimeSpan RoundPeriod => _options.FastPollInterval / 3 > MinRoundPeriod ? _options.FastPollInterval / 3 : MinRoundPeriod;

    /// <summary>Deliveries whose mark found their claim taken over (see <see cref="DeliverySender.PossibleRepeats"/>).</summary>
    public int PossibleRepeats => sender.PossibleRepeats;

    /// <summary>One full round: claims and handles due work until none is left, then sends pending news.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await gate.MayPollAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        await PurgeIfDueAsync(cancellationToken).ConfigureAwait(false);
        await CountIfDueAsync(cancellationToken).ConfigureAwait(false);
        reader.BeginRound();
        var jobsRead = new ConcurrentDictionary<string, LiteServerJob>(StringComparer.Ordinal);
        var claimed = 0;
        var roundStart = timeProvider.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            var claim = await store.ClaimDueAsync(timeProvider.GetUtcNow(), _options.ClaimLease, _options.JobsPerClaim, cancellationToken,
                dueBy: roundStart).ConfigureAwait(false);
            if (claim.Watches.Count == 0)
            {
                break;
            }
            claimed += claim.Watches.Count;
            metrics.RecordClaimsTakenOver(claim.TakenOver);
            if (claim.TakenOver > 0)
            {
                LogTakenOver(logger, claim.TakenOver);
            }
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(claim.Watches.GroupBy(w => w.JobId, StringComparer.Ordinal), parallel,
                async (job, ct) => await PollJobAsync(claim, [.. job], jobsRead, ct).ConfigureAwait(false)).ConfigureAwait(false);
            // This round's news first, while the jobs it read are at hand for the cards.
            await sender.DeliverPendingAsync(jobsRead, cancellationToken, recordedUnder: claim.Token).ConfigureAwait(false);
        }
        // News left by an instance that died, or waiting out a throttle.
        await sender.DeliverPendingAsync(jobsRead, cancellationToken).ConfigureAwait(false);
        metrics.RecordRoundDuration(timeProvider.GetUtcNow() - roundStart);
        LogRound(logger, claimed, jobsRead.Count);
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
                    if (_paused)
                    {
                        _paused = false;
                        LogResumed(logger);
                    }
                }
                catch (WatchStoreUnavailableException error) when (!stoppingToken.IsCancellationRequested)
                {
                    // Nothing is lost: claims lapse, recorded news waits in the store, and the next round retries.
                    if (!_paused)
                    {
                        _paused = true;
                        LogPaused(logger, error.Message);
                    }
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

    private async Task PollJobAsync(WatchClaim claim, IReadOnlyList<Watch> watches, ConcurrentDictionary<string, LiteServerJob> jobsRead,
        CancellationToken cancellationToken)
    {
        var jobId = watches[0].JobId;
        try
        {
            var now = timeProvider.GetUtcNow();
            var updates = watches.Where(w => decider.HasExpired(w, now)).Select(w => decider.Expire(w, now)).ToList();
            var live = watches.Where(w => !decider.HasExpired(w, now)).ToList();
            JobReading? reading = null;
            if (live.Count > 0)
            {
                reading = await reader.ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
                if (reading.Job is { } job)
                {
                    jobsRead[jobId] = job;
                }
                updates.AddRange(decider.Decide(live, reading, now));
            }
            var recorded = await store.RecordAsync(claim, updates, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (recorded.Count < updates.Count)
            {
                LogClaimLost(logger, jobId, updates.Count - recorded.Count);
            }
            if (reading?.Job is { } read)
            {
                foreach (var update in updates.Where(u => u is { News: null, Change: WatchChange.Keep } && recorded.Contains(u.Watch.Id)
                    && u.Watch.CardActivityId is not null && !Equals(u.Told, u.Watch.LastSeen)))
                {
                    await sender.RefreshCardAsync(update.Watch, read, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not WatchStoreUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            // One job's trouble must not cost the other jobs their round; its claim lapses and it is polled again.
            LogJobFailed(logger, ex, jobId);
        }
    }

    // A count of the whole table: once a minute, not per round, whatever the number of watches.
    private async Task CountIfDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now < _nextCountAt)
        {
            return;
        }
        _nextCountAt = now + CountPeriod;
        metrics.RecordActiveWatches(await store.CountActiveAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now < _nextPurgeAt)
        {
            return;
        }
        _nextPurgeAt = now + PurgePeriod;
        var purged = await store.PurgeAsync(now - _options.DisabledWatchRetention, now - DeliveryHistory, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            LogPurged(logger, purged, _options.DisabledWatchRetention);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch round: {Claimed} watches claimed, {Jobs} jobs read")]
    private static partial void LogRound(ILogger logger, int claimed, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over {Count} watches whose claim had lapsed (an instance stopped or stalled)")]
    private static partial void LogTakenOver(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: {Count} watches were taken over by another instance before this one recorded them; left to it")]
    private static partial void LogClaimLost(ILogger logger, string jobId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} watches stopped more than {Retention} ago")]
    private static partial void LogPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch polling paused: {Error}. Nothing is lost; it resumes when the store answers")]
    private static partial void LogPaused(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch polling resumed: the store answers again")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Watch round failed; the next round retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed this round; its watches are polled again when their claim lapses")]
    private static partial void LogJobFailed(ILogger logger, Exception exception, string jobId);
}
