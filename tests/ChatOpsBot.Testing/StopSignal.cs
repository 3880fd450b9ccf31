namespace ChatOpsBot.Testing;

/// <summary>How a <see cref="ChildProcess"/> is stopped when a test is done with it.</summary>
public enum StopSignal
{
    /// <summary>At once, with everything it started: as a crash or an out-of-memory kill would.</summary>
    Kill,

    /// <summary>SIGTERM, as a host stops a service: it shuts down cleanly and flushes its logs (killed after a grace period).</summary>
    Terminate,
}
