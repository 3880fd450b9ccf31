using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Watching;

/// <summary>
/// Creates or migrates the watch store at start, so a bad data folder stops the host instead of the first watch. A
/// database that cannot be reached yet does not stop it: the store migrates at its first use, and readiness says Degraded
/// meanwhile.
/// </summary>
internal sealed partial class WatchStoreInitializer(IWatchStore store, ILogger<WatchStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WatchStoreUnavailableException error)
        {
            LogNotYet(logger, error.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Error}. Starting anyway: the store is migrated when it answers")]
    private static partial void LogNotYet(ILogger logger, string error);
}
