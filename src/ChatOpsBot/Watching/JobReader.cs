using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Fetch: reads a watched job once for all its followers, and says when to try again after a failure (exponential
/// backoff per job, never sooner than the gateway's Retry-After). A job that answers 403/404 is gone only if the project
/// can still be listed without it; a refused list means the account cannot read at all (<see cref="ProjectAccess"/>),
/// and polling pauses with every watch kept.
/// </summary>
public sealed partial class JobReader(ILiteServerJobClient client, ProjectAccess access, IOptions<WatchOptions> options,
    ILogger<JobReader> logger) : IDisposable
{
    /// <summary>The longest wait between reads of a job the API keeps refusing (unless PollInterval is longer).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    private readonly WatchOptions _options = options.Value;

    // Consecutive failed reads per job, forgotten at the first good read. In memory only: the resulting wait is stored
    // as each watch's next poll, and another instance that takes the job over starts counting afresh.
    private readonly ConcurrentDictionary<string, int> _failedReads = new(StringComparer.Ordinal);

    // One list call per round decides whether the account can read: once refused, the round's other jobs are not read.
    private readonly SemaphoreSlim _accountCheck = new(1, 1);
    private volatile bool _refusedThisRound;
    private int _refusedRounds;

    /// <summary>Called at the start of each round: the account's refusal is asked again, once.</summary>
    public void BeginRound() => _refusedThisRound = false;

    public void Dispose() => _accountCheck.Dispose();

    public async Task<JobReading> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_refusedThisRound)
        {
            return JobReading.Failed(PausedDelay());
        }
        try
        {
            var job = await client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            _failedReads.TryRemove(jobId, out _);
            Readable();
            return JobReading.Found(job.Id is null ? job with { Id = jobId } : job);
        }
        catch (ModelArtsApiException ex) when (ex.Kind is ModelArtsErrorKind.NotFound or ModelArtsErrorKind.Forbidden)
        {
            return await WhyNotVisibleAsync(jobId, ex, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(jobId, ex);
        }
    }

    // The job refused: gone if the project lists without it, paused if the project cannot be listed.
    private async Task<JobReading> WhyNotVisibleAsync(string jobId, ModelArtsApiException refusal, CancellationToken cancellationToken)
    {
        await _accountCheck.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_refusedThisRound)
            {
                return JobReading.Failed(PausedDelay());
            }
            LiteServerJobPage page;
            try
            {
                page = await client.ListJobsAsync(new LiteServerJobQuery(Id: jobId), cancellationToken).ConfigureAwait(false);
            }
            catch (ModelArtsApiException listRefused) when (listRefused.Kind is ModelArtsErrorKind.NotFound
                or ModelArtsErrorKind.Forbidden or ModelArtsErrorKind.Unauthorized)
            {
                _refusedThisRound = true;
                Interlocked.Increment(ref _refusedRounds);
                access.Refused(listRefused.Kind, listRefused.RequestId);
                return JobReading.Failed(PausedDelay());
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Neither a job gone nor an account refused can be told: keep the watches and ask again later.
                return Failed(jobId, ex);
            }
            Readable();
            if (page.Data.Any(row => string.Equals(row.Id, jobId, StringComparison.Ordinal)))
            {
                // Listed yet not readable (a per-job policy, or the list ahead of the read): not gone, read again later.
                return Failed(jobId, refusal);
            }
            _failedReads.TryRemove(jobId, out _);
            LogJobNotVisible(logger, jobId, refusal.Kind, refusal.RequestId);
            return JobReading.Gone(refusal.Kind);
        }
        finally
        {
            _accountCheck.Release();
        }
    }

    private void Readable()
    {
        Volatile.Write(ref _refusedRounds, 0);
        access.Readable();
    }

    // While the account is refused, each round's jobs wait like one job that keeps failing: PollInterval doubled per round.
    private TimeSpan PausedDelay() => BackoffDelay(Math.Max(1, Volatile.Read(ref _refusedRounds)), null);

    private JobReading Failed(string jobId, Exception ex)
    {
        var failures = _failedReads.AddOrUpdate(jobId, 1, (_, n) => n + 1);
        var apiError = ex as ModelArtsApiException;
        var delay = BackoffDelay(failures, apiError?.RetryAfter);
        if (apiError is null)
        {
            LogJobReadCrashed(logger, ex, jobId, failures, delay);
        }
        else
        {
            LogJobReadFailed(logger, jobId, apiError.Kind, apiError.Message, failures, delay);
        }
        return JobReading.Failed(delay);
    }

    // PollInterval, doubled at each consecutive failure up to MaxBackoff, jittered; never sooner than the gateway's Retry-After.
    private TimeSpan BackoffDelay(int failures, TimeSpan? retryAfter)
    {
        var cap = _options.PollInterval > MaxBackoff ? _options.PollInterval : MaxBackoff;
        var exponential = _options.PollInterval * Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = (exponential > cap ? cap : exponential) * WatchDecider.Jitter();
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is no longer visible ({Kind}, request {RequestId}); its watches end")]
    private static partial void LogJobNotVisible(ILogger logger, string jobId, ModelArtsErrorKind kind, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading watched job {JobId} failed ({Kind}: {Error}), {Failures} time(s) in a row; next try in {Delay}")]
    private static partial void LogJobReadFailed(ILogger logger, string jobId, ModelArtsErrorKind kind, string error, int failures, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading watched job {JobId} crashed, {Failures} time(s) in a row; next try in {Delay}")]
    private static partial void LogJobReadCrashed(ILogger logger, Exception exception, string jobId, int failures, TimeSpan delay);
}
