using System.Diagnostics.Metrics;

namespace ChatOpsBot.Hosting;

/// <summary>
/// The bot's own metrics, on the meter <c>ChatOpsBot</c>: one small method per fact, for the code where the fact
/// happens to call. Recording costs next to nothing while no exporter listens (<c>Telemetry:Enabled</c> is off by
/// default). Tags are few and fixed, never a job, user or conversation id: a metric's cardinality must stay small.
/// </summary>
public sealed class ChatOpsMetrics
{
    public const string MeterName = "ChatOpsBot";

    private readonly Counter<long> _deliveriesSent;
    private readonly Counter<long> _deliveriesFailed;
    private readonly Counter<long> _deliveriesRepeated;
    private readonly Counter<long> _modelArtsRequests;
    private readonly Histogram<double> _roundDuration;
    private readonly Counter<long> _claimsTakenOver;
    private readonly Gauge<long> _activeWatches;

    public ChatOpsMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _deliveriesSent = meter.CreateCounter<long>("chatopsbot.deliveries.sent", "{delivery}",
            "Notifications posted to a conversation and marked sent.");
        _deliveriesFailed = meter.CreateCounter<long>("chatopsbot.deliveries.failed", "{delivery}",
            "Attempts to post a notification that failed (the channel refused or did not answer).");
        _deliveriesRepeated = meter.CreateCounter<long>("chatopsbot.deliveries.repeated", "{delivery}",
            "Notifications posted again because an earlier post was never marked sent (an instance died between the two).");
        _modelArtsRequests = meter.CreateCounter<long>("chatopsbot.modelarts.requests", "{request}",
            "HTTP requests sent to ModelArts, each try of a retried call counted, by outcome.");
        _roundDuration = meter.CreateHistogram<double>("chatopsbot.poll.round.duration", "s",
            "One polling round, from the first claim to the last mark.");
        _claimsTakenOver = meter.CreateCounter<long>("chatopsbot.claims.taken_over", "{claim}",
            "Claims whose lease had expired (their instance died or stalled) taken over by this instance.");
        _activeWatches = meter.CreateGauge<long>("chatopsbot.watches.active", "{watch}",
            "Active watches in the store, as this instance last counted them.");
    }

    public void RecordDeliverySent() => _deliveriesSent.Add(1);

    public void RecordDeliveryFailed() => _deliveriesFailed.Add(1);

    public void RecordDeliveryRepeated() => _deliveriesRepeated.Add(1);

    /// <summary><paramref name="outcome"/> is one of the <see cref="ModelArtsRequestOutcome"/> constants.</summary>
    public void RecordModelArtsRequest(string outcome) =>
        _modelArtsRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RecordRoundDuration(TimeSpan duration) => _roundDuration.Record(duration.TotalSeconds);

    public void RecordClaimsTakenOver(int count)
    {
        if (count > 0)
        {
            _claimsTakenOver.Add(count);
        }
    }

    public void RecordActiveWatches(long count) => _activeWatches.Record(count);
}
