using System.Diagnostics;
using ChatOpsBot.Simulator;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// The simulator's request counters watched every few milliseconds, so each list call and detail read gets a time on
/// the driver's stopwatch (the counters themselves have none).
/// </summary>
internal sealed class SimulatorTraffic : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(5);

    private readonly JobCatalog _catalog;
    private readonly Stopwatch _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _listTimes = [];
    private TimeSpan _lastReadAt;
    private Task _sampling = Task.CompletedTask;

    private SimulatorTraffic(JobCatalog catalog, Stopwatch clock)
    {
        _catalog = catalog;
        _clock = clock;
    }

    public int Lists => _catalog.ListRequestCount;

    public int Reads => _catalog.DetailReadCount;

    /// <summary>When the simulator was seen to have answered (at least) <paramref name="count"/> list calls; null if not yet.</summary>
    public TimeSpan? ListSeenAt(int count)
    {
        lock (_gate)
        {
            return count >= 1 && count <= _listTimes.Count ? _listTimes[count - 1] : null;
        }
    }

    /// <summary>When the last detail read so far was seen.</summary>
    public TimeSpan LastReadAt
    {
        get
        {
            lock (_gate)
            {
                return _lastReadAt;
            }
        }
    }

    public static SimulatorTraffic Start(JobCatalog catalog, Stopwatch clock)
    {
        var traffic = new SimulatorTraffic(catalog, clock);
        traffic._sampling = traffic.SampleAsync();
        return traffic;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        var reads = 0;
        while (!_stop.IsCancellationRequested)
        {
            var now = _clock.Elapsed;
            var lists = _catalog.ListRequestCount;
            var readsNow = _catalog.DetailReadCount;
            lock (_gate)
            {
                while (_listTimes.Count < lists)
                {
                    _listTimes.Add(now);
                }
                if (readsNow != reads)
                {
                    reads = readsNow;
                    _lastReadAt = now;
                }
            }
            try
            {
                await Task.Delay(Every, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
