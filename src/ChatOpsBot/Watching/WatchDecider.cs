using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Decide: what a round does to each claimed watch of one job, given what was read. No I/O; the news itself is
/// <see cref="JobChangeDetector"/>'s. One jitter per job keeps its watches polled together, so later rounds still read
/// it once.
/// </summary>
public sealed class WatchDecider(JobChangeDetector detector, IOptions<WatchOptions> options)
{
    private const double JitterRatio = 0.1;

    private readonly WatchOptions _options = options.Value;

    /// <summary>±10 %: watches created together (a channel watching a batch of jobs) drift apart instead of polling in bursts.</summary>
    public static double Jitter() => 1 + ((Random.Shared.NextDouble() * 2) - 1) * JitterRatio;

    /// <summary>A watch older than <see cref="WatchOptions.MaxWatchAge"/> ends with a notice saying how to watch again.</summary>
    public bool HasExpired(Watch watch, DateTimeOffset now) => now - watch.CreatedAt >= _options.MaxWatchAge;

    public WatchUpdate Expire(Watch watch, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(watch);
        return new WatchUpdate(watch, WatchChange.Remove, null, now, detector.Expired(watch.JobId, _options.MaxWatchAge));
    }

    public IReadOnlyList<WatchUpdate> Decide(IReadOnlyList<Watch> watches, JobReading reading, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(watches);
        ArgumentNullException.ThrowIfNull(reading);
        var jitter = Jitter();
        var updates = new List<WatchUpdate>(watches.Count);
        foreach (var watch in watches)
        {
            updates.Add(reading switch
            {
                { Job: { } job } => Read(watch, job, now, jitter),
                { GoneAs: { } kind } => new WatchUpdate(watch, WatchChange.Disable, null, now, detector.NotVisible(watch.JobId, kind),
                    $"job not visible ({kind})"),
                _ => new WatchUpdate(watch, WatchChange.Keep, null, now + (reading.RetryIn ?? _options.PollInterval)),
            });
        }
        return updates;
    }

    private WatchUpdate Read(Watch watch, LiteServerJob job, DateTimeOffset now, double jitter)
    {
        var news = detector.Detect(watch.LastNotified, job);
        // The conversation now knows the job as read (or will, from the outbox): a task that recovered leaves the
        // snapshot, so its next failure is news again.
        var told = news?.Snapshot ?? JobSnapshot.From(job);
        return news is { EndsWatch: true }
            ? new WatchUpdate(watch, WatchChange.Remove, told, now, news)
            : new WatchUpdate(watch, WatchChange.Keep, told, now + _options.IntervalFor(now - watch.CreatedAt) * jitter, news);
    }
}
