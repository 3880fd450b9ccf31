using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

public sealed class JobWatcherTests : IDisposable
{
    private const string DriverMismatch = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    private readonly PollerHarness _h = new(o => o.MaxWatchesPerConversation = 2);
    private readonly string _ch1 = Requests.Channel(1);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_new_watch_keeps_who_asked_where_and_the_card_and_is_first_polled_after_the_fast_interval()
    {
        var result = await _h.Watcher.WatchAsync(Requests.For(_ch1, cardActivityId: "1700000000123"),
            Jobs.Make("PROCESSING", processing: 3), CancellationToken.None);

        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        var stored = Assert.Single(await _h.ListAsync(_ch1));
        Assert.Equal(result.Watch, stored);
        Assert.Equal(("29:user-aad-1", "Ada Lovelace", Requests.ServiceUrl, Requests.TenantId, "1700000000123"),
            (stored.RequestedByUserId, stored.RequestedByName, stored.ServiceUrl, stored.TenantId, stored.CardActivityId));
        Assert.Contains(_ch1, stored.ConversationReference, StringComparison.Ordinal);
        Assert.Equal(PollerHarness.Start, stored.CreatedAt);
        Assert.Equal(PollerHarness.Start + _h.Options.FastPollInterval, stored.NextPollAt);
    }

    [Fact]
    public async Task Failures_already_on_the_card_when_watching_are_not_announced_again()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 8, failed: [(DriverMismatch, 2)]));

        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);

        Assert.Equal([$"🔴 1 more failed task on job nightly-driver-check (3 in all): {DriverMismatch} on 1 server"],
            _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task A_job_that_already_ended_is_not_watched_and_the_answer_says_how_it_ended()
    {
        var result = await _h.Watcher.WatchAsync(Requests.For(_ch1), Jobs.Make("FINISHED", succeeded: 120), CancellationToken.None);

        Assert.Equal(AddWatchOutcome.JobAlreadyEnded, result.Outcome);
        Assert.Null(result.Watch);
        Assert.Equal("✅ Job nightly-driver-check finished: all 120 tasks succeeded. Nothing to watch.", result.JobEndedText);
        Assert.Empty(await _h.ListAsync(_ch1));
    }

    [Fact]
    public async Task Watching_twice_or_beyond_the_limit_is_refused_by_the_store()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 1, id: "job-1"));
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 1, id: "job-2"));

        var again = await _h.Watcher.WatchAsync(Requests.For(_ch1, "job-1"), Jobs.Make("PROCESSING", id: "job-1"), CancellationToken.None);
        var third = await _h.Watcher.WatchAsync(Requests.For(_ch1, "job-3"), Jobs.Make("PROCESSING", id: "job-3"), CancellationToken.None);

        Assert.Equal(AddWatchOutcome.AlreadyWatching, again.Outcome);
        Assert.Equal("job-1", again.Watch!.JobId);
        Assert.Equal(AddWatchOutcome.LimitReached, third.Outcome);
        Assert.Equal(2, third.Limit);
    }
}
