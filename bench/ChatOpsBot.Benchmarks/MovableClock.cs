namespace ChatOpsBot.Benchmarks;

/// <summary>
/// Real time plus an offset the driver moves forward, so the next round finds every watch due without waiting a
/// minute. Requests are still signed close enough to real time for the simulated gateway (15 minutes of skew).
/// </summary>
internal sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
