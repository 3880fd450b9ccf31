using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Runs the project feed every <see cref="WatchOptions.ListPollInterval"/>: a round (<see cref="SubscriptionFeed"/>),
/// then the subscriptions' pending news (<see cref="SubscriptionSender"/>). On a SQLite file only the instance that
/// polls does it (<see cref="IPollingGate"/>); on PostgreSQL every instance tries and the feed's claim lets one list.
/// </summary>
public sealed partial class SubscriptionFeedService(
    SubscriptionFeed feed,
    SubscriptionSender sender,
    IPollingGate gate,
    IOptions<WatchOptions> options,
    TimeProvider time,
    ILogger<SubscriptionFeedService> logger) : BackgroundService
{
    /// <summary>One round and its deliveries, to the end.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!await gate.MayPollAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var round = await feed.RunRoundAsync(cancellationToken).ConfigureAwait(false);
        var jobs = round.News.Select(n => n.Job).DistinctBy(j => j.Id, StringComparer.Ordinal).ToDictionary(j => j.Id!, StringComparer.Ordinal);
        await sender.DeliverPendingAsync(jobs, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ListPollInterval, time);
        try
        {
            do
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (WatchStoreUnavailableException error) when (!stoppingToken.IsCancellationRequested)
                {
                    // Nothing is lost: the feed's claim lapses, recorded news waits in the store, the next round retries.
                    LogStoreUnavailable(logger, error.Message);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRoundFailed(logger, error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The subscription feed waits for the watch store: {Error}")]
    private static partial void LogStoreUnavailable(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscription feed round failed; the next one retries")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
