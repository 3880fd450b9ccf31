using System.Diagnostics.Metrics;
using ChatOpsBot.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>The watch pipeline's metrics, recorded by the real bot while it follows a scripted history.</summary>
public sealed class WatchMetricsEndToEndTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_watched_history_counts_each_news_sent_and_records_rounds_and_active_watches()
    {
        await using var bot = await WatchingBot.StartAsync();
        var meters = bot.Host.Services.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.deliveries.sent");
        using var failed = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.deliveries.failed");
        using var repeated = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.deliveries.repeated");
        using var rounds = new MetricCollector<double>(meters, "ChatOpsBot", "chatopsbot.poll.round.duration");
        using var active = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.watches.active");

        await bot.DeliverAsync(bot.InPersonalChat($"watch {ScriptedHistory.FailThenFinishId}"));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        // Three pieces of news: 3 failed, 2 more, finished.
        Assert.Equal(3, sent.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Empty(failed.GetMeasurementSnapshot());
        Assert.Empty(repeated.GetMeasurementSnapshot());
        // 12 minutes in 30 s steps.
        Assert.Equal(24, rounds.GetMeasurementSnapshot().Count);
        Assert.All(rounds.GetMeasurementSnapshot(), m => Assert.True(m.Value >= 0));
        // Counted once a minute: the watch while the job runs, none once it ended with the job (after 9 minutes).
        var counts = active.GetMeasurementSnapshot().Select(m => m.Value).ToList();
        Assert.Equal(12, counts.Count);
        Assert.Equal(1, counts[0]);
        Assert.Equal(0, counts[^1]);
    }

    [Fact]
    public async Task A_refused_post_counts_as_a_failed_delivery()
    {
        await using var bot = await WatchingBot.StartAsync();
        var meters = bot.Host.Services.GetRequiredService<IMeterFactory>();
        using var sent = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.deliveries.sent");
        using var failed = new MetricCollector<long>(meters, "ChatOpsBot", "chatopsbot.deliveries.failed");

        await bot.DeliverAsync(bot.InPersonalChat($"watch {ScriptedHistory.FailThenFinishId}"));
        bot.Connector.Refuse(WatchingBot.Personal, System.Net.HttpStatusCode.Forbidden);
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal(1, failed.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Empty(sent.GetMeasurementSnapshot());
    }
}
