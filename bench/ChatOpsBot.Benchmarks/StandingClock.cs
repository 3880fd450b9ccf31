namespace ChatOpsBot.Benchmarks;

/// <summary>
/// A clock that never moves, for the simulator: its scripted histories stay as they are, so the only changes in the
/// project are the ones the driver makes.
/// </summary>
internal sealed class StandingClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
