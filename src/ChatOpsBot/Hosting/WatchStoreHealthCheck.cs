using ChatOpsBot.Watching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatOpsBot.Hosting;

/// <summary>Ready only while the watch store can be read now: without it, watches are neither kept nor polled.</summary>
public sealed class WatchStoreHealthCheck(IWatchStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (WatchStoreUnavailableException error)
        {
            // A database blip: Degraded (200), so a platform probe does not pull every instance; the poller pauses meanwhile.
            return HealthCheckResult.Degraded("The watch store cannot be reached; watch commands answer so and polling is paused.", error);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(
                "The watch store cannot be read: check that Watching:DataFolder exists and is writable.", error);
        }
    }
}
