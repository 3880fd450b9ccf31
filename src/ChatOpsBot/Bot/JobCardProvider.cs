using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Bot;

/// <summary>
/// Fetches a job and builds its card; every ModelArts failure becomes an error card, so a user always gets an
/// answer that says what happened and never a stack trace.
/// </summary>
public sealed partial class JobCardProvider(
    ILiteServerJobClient client,
    JobCardBuilder jobCards,
    ErrorCardBuilder errorCards,
    ConsoleUrls consoleUrls,
    ILogger<JobCardProvider> logger)
{
    /// <summary>The job's card, or the error card that explains why there is none (then <c>Job</c> is null).</summary>
    public async Task<(CardMessage Card, LiteServerJob? Job)> GetAsync(string jobId, WatchButton watch, CancellationToken cancellationToken)
    {
        try
        {
            var job = await client.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            return (Build(job, jobId, watch), job);
        }
        catch (ModelArtsApiException error)
        {
            LogFetchFailed(logger, jobId, error.Kind, (int?)error.StatusCode, error.ErrorCode, error.RequestId);
            return (errorCards.Build(error, jobId), null);
        }
    }

    public CardMessage Build(LiteServerJob job, string jobId, WatchButton watch)
    {
        ArgumentNullException.ThrowIfNull(job);
        // A job that has ended will not change: offering to watch it would only lead to "nothing to watch".
        var button = watch == WatchButton.Watch && JobStatuses.IsTerminal(job.Status) ? WatchButton.Hidden : watch;
        return jobCards.Build(new JobCardView(job, consoleUrls.ForJob(job.Id ?? jobId), button));
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Fetching job {JobId} failed: {Kind} (HTTP {Status}, {ErrorCode}, request id {RequestId})")]
    private static partial void LogFetchFailed(ILogger logger, string jobId, ModelArtsErrorKind kind, int? status, string? errorCode, string? requestId);
}
