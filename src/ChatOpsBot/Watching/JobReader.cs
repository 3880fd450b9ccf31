using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Fetch: reads a watched job once for all its followers, and says when to try again after a failure (exponential
/// backoff per job, never sooner than the gateway's Retry-After).
/// </summary>
public sealed partial class JobReader(ILiteServerJobClient client, IOptions<WatchOptions> options, ILogger<JobReader> logger)
{
    /// <summary>The longest wait between reads of a job the API keeps refusing (unless PollInterval is longer).</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    private readonly WatchOptions _options = options.Value;

    // Consecutive failed reads per job, forgotten at the first good read. In memory only: the resulting wait is stored
    // as each watch's next poll, and another instance that takes the job over starts counting afresh.
    private readonly ConcurrentDictionary<string, int> _failedReads = new(StringComparer.Ordinal);

    public async Task<JobReading> ReadAsync(string jobId, CancellationToken cancellationToken)
    {
        try
        {
            var job = await client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            _failedReads.TryRemove(jobId, out _);
            return JobReading.Found(job.Id is null ? job with { Id = jobId } : job);
        }
        catch (ModelArtsApiException ex) when (ex.Kind is ModelArtsErrorKind.NotFound or ModelArtsErrorKind.Forbidden)
        {
            _failedReads.TryRemove(jobId, out _);
            LogJobNotVisible(logger, jobId, ex.Kind, ex.RequestId);
            return JobReading.Gone(ex.Kind);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
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
