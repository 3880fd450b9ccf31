namespace ChatOpsBot.Watching;

/// <summary>The gate for a store that shares work between instances by itself (PostgreSQL, tests).</summary>
public sealed class AlwaysPoll : IPollingGate
{
    public Task<bool> MayPollAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
