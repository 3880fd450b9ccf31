using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>What one read of a job gave: the job, the job gone (404/403), or a failure to retry after a backoff.</summary>
public sealed record JobReading(LiteServerJob? Job, ModelArtsErrorKind? GoneAs = null, TimeSpan? RetryIn = null)
{
    public static JobReading Found(LiteServerJob job) => new(job);

    public static JobReading Gone(ModelArtsErrorKind kind) => new(null, GoneAs: kind);

    public static JobReading Failed(TimeSpan retryIn) => new(null, RetryIn: retryIn);
}
