using System.Collections.Concurrent;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>
/// Asks ModelArts at most once per job per <see cref="Freshness"/>, however many people press Refresh: concurrent
/// callers share one request in flight, and a job read less than a second ago is answered from memory.
/// Failures are shared by the callers waiting on them but never remembered.
/// </summary>
public sealed class CoalescingLiteServerJobClient(Func<ILiteServerJobClient> inner, TimeProvider time) : ILiteServerJobClient
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<Fetched>>> _jobs = new(StringComparer.Ordinal);

    public async Task<LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        while (true)
        {
            var entry = _jobs.GetOrAdd(jobId, id => new Lazy<Task<Fetched>>(() => FetchAsync(id)));
            Fetched fetched;
            try
            {
                fetched = await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                _jobs.TryRemove(new KeyValuePair<string, Lazy<Task<Fetched>>>(jobId, entry));
                throw;
            }
            if (time.GetUtcNow() - fetched.At < Freshness)
            {
                return fetched.Job;
            }
            _jobs.TryRemove(new KeyValuePair<string, Lazy<Task<Fetched>>>(jobId, entry));
        }
    }

    /// <summary>Jobs held in memory now: at most those read in the last <see cref="Freshness"/>, and those in flight.</summary>
    internal int HeldJobCount => _jobs.Count;

    public Task<LiteServerJobPage> ListJobsAsync(LiteServerJobQuery query, CancellationToken cancellationToken) =>
        inner().ListJobsAsync(query, cancellationToken);

    // The shared request is not tied to any one caller's token: a caller who gives up does not cancel it for the others.
    // The client's own deadline bounds it.
    private async Task<Fetched> FetchAsync(string jobId)
    {
        var job = await inner().GetJobAsync(jobId, CancellationToken.None).ConfigureAwait(false);
        var fetched = new Fetched(job, time.GetUtcNow());
        ForgetWhenStale(jobId, fetched);
        return fetched;
    }

    // Without this, every job ever read would stay in memory: a poller over 10,000 jobs would hold them all.
    private void ForgetWhenStale(string jobId, Fetched fetched)
    {
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            if (_jobs.TryGetValue(jobId, out var entry)
                && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && ReferenceEquals(entry.Value.Result, fetched))
            {
                _jobs.TryRemove(new KeyValuePair<string, Lazy<Task<Fetched>>>(jobId, entry));
            }
            timer?.Dispose();
        }, null, Freshness, Timeout.InfiniteTimeSpan);
    }

    private sealed record Fetched(LiteServerJob Job, DateTimeOffset At);
}
