using Microsoft.Extensions.Hosting;

namespace ChatOpsBot.Watching;

/// <summary>Creates or migrates the watch store at start, so a bad data folder stops the host instead of the first watch.</summary>
internal sealed class WatchStoreInitializer(IWatchStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
