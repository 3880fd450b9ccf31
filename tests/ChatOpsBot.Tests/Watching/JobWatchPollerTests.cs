using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

public sealed class JobWatchPollerTests : IDisposable
{
    private const string DriverMismatch = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    private static readonly string ThreeFailed = $"🔴 3 new failed tasks on job nightly-driver-check: {DriverMismatch} on 3 servers";

    private const string OtherJob = "1a2b3c4d-0000-4000-8000-000000000002";

    private readonly PollerHarness _h = new();
    private readonly string _ch1 = Requests.Channel(1);
    private readonly string _ch2 = Requests.Channel(2);
    private readonly string _ch3 = Requests.Channel(3);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Three_conversations_watching_one_job_cost_one_read_per_round_and_each_hears_the_news_once()
    {
        foreach (var conversation in new[] { _ch1, _ch2, _ch3 })
        {
            await _h.WatchAsync(conversation, Jobs.Make("PROCESSING", processing: 10));
        }

        await _h.RoundAfterSeconds(20);
        Assert.Equal(1, _h.Api.Reads(Jobs.Id));
        Assert.Empty(_h.Notifier.Attempts);

        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);
        Assert.Equal(2, _h.Api.Reads(Jobs.Id));

        await _h.RoundAfterSeconds(20);
        Assert.Equal(3, _h.Api.Reads(Jobs.Id));
        Assert.All(new[] { _ch1, _ch2, _ch3 }, c => Assert.Equal([ThreeFailed], _h.Notifier.SentTo(c)));
    }

    [Fact]
    public async Task Jobs_are_read_at_most_MaxConcurrency_at_a_time()
    {
        using var h = new PollerHarness(o => o.MaxConcurrency = 2);
        for (var i = 0; i < 6; i++)
        {
            await h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 1, id: $"job-{i}"));
        }
        h.Api.ReadDelay = TimeSpan.FromMilliseconds(50);

        await h.RoundAfterSeconds(20);

        Assert.All(Enumerable.Range(0, 6), i => Assert.Equal(1, h.Api.Reads($"job-{i}")));
        Assert.Equal(2, h.Api.MaxConcurrentReads);
    }

    [Fact]
    public async Task A_gone_conversation_is_disabled_after_the_first_attempt_and_never_retried()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        await _h.WatchAsync(_ch2, Jobs.Make("PROCESSING", processing: 10));
        _h.Notifier.Script(_ch1, NotifyOutcome.ConversationGone("403 BotNotInConversationRoster"));

        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 5, failed: [(DriverMismatch, 5)]));
        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("FINISHED", succeeded: 5, failed: [(DriverMismatch, 5)]));
        await _h.RoundAfterSeconds(20);
        await _h.RoundAfter(TimeSpan.FromHours(1));

        Assert.Equal(1, _h.Notifier.AttemptsFor(_ch1));
        Assert.Empty(_h.Notifier.SentTo(_ch1));
        var gone = Assert.Single(await _h.ListAsync(_ch1));
        Assert.False(gone.IsActive);
        Assert.Equal("conversation gone (403 BotNotInConversationRoster)", gone.DisabledReason);
        Assert.Equal(3, _h.Notifier.SentTo(_ch2).Count);
        Assert.Empty(await _h.ListAsync(_ch2));
    }

    [Fact]
    public async Task Throttled_news_waits_for_retry_after_and_is_then_sent_once()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Notifier.Script(_ch1, NotifyOutcome.Throttled(TimeSpan.FromSeconds(30)));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));

        await _h.RoundAfterSeconds(20);
        Assert.Equal(1, _h.Notifier.AttemptsFor(_ch1));
        Assert.Empty(_h.Notifier.SentTo(_ch1));

        await _h.RoundAfterSeconds(20);
        Assert.Equal(1, _h.Notifier.AttemptsFor(_ch1));

        await _h.RoundAfterSeconds(15);
        await _h.RoundAfterSeconds(20);
        Assert.Equal(2, _h.Notifier.AttemptsFor(_ch1));
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task A_failed_send_is_retried_at_the_next_poll()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Notifier.Script(_ch1, NotifyOutcome.Failed("502 Bad Gateway"));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));

        await _h.RoundAfterSeconds(20);
        await _h.RoundAfterSeconds(20);
        await _h.RoundAfterSeconds(20);

        Assert.Equal(2, _h.Notifier.AttemptsFor(_ch1));
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task After_a_restart_nothing_told_is_repeated_and_nothing_new_is_lost()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));

        _h.Restart();
        await _h.RoundAfterSeconds(20);
        Assert.Single(_h.Notifier.SentTo(_ch1));

        // Two more tasks fail while the bot is down.
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 5, failed: [(DriverMismatch, 3), ("disk full", 2)]));
        _h.Restart();
        await _h.RoundAfterSeconds(20);
        await _h.RoundAfterSeconds(20);

        Assert.Equal([ThreeFailed, "🔴 2 more failed tasks on job nightly-driver-check (5 in all): new cause: disk full on 2 servers"],
            _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task A_deleted_card_is_forgotten_and_the_watch_goes_on_with_news_as_new_messages()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10), cardActivityId: "card-1");
        _h.Notifier.CardUpdateOutcome = NotifyOutcome.MessageGone("Teams answered 404 to updating the card");

        _h.Api.Answer(Jobs.Make("PROCESSING", succeeded: 3, processing: 7));
        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("PROCESSING", succeeded: 5, processing: 5));
        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("PROCESSING", succeeded: 5, processing: 2, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);

        Assert.Single(_h.Notifier.CardUpdates);
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
        var watch = Assert.Single(await _h.ListAsync(_ch1));
        Assert.True(watch.IsActive);
        Assert.Null(watch.CardActivityId);
    }

    [Fact]
    public async Task A_task_that_recovers_and_fails_again_is_told_again()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));

        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);
        // The three failed tasks are retried and run again…
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 10));
        await _h.RoundAfterSeconds(20);
        // …and fail again: the count is back where it was, but this is news.
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);

        Assert.Equal([ThreeFailed, ThreeFailed], _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task A_stopped_watch_is_listed_for_thirty_days_then_purged()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Notifier.Script(_ch1, NotifyOutcome.ConversationGone("403 BotNotInConversationRoster"));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(20);

        await _h.RoundAfter(TimeSpan.FromDays(29));
        var after29Days = await _h.ListAsync(_ch1);
        await _h.RoundAfter(TimeSpan.FromDays(2));

        Assert.False(Assert.Single(after29Days).IsActive);
        Assert.Empty(await _h.ListAsync(_ch1));
    }

    [Fact]
    public async Task Shutdown_right_after_a_post_still_marks_it_so_nothing_is_repeated()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        using var stopping = new CancellationTokenSource();
        // The host starts stopping while the message is on its way: the post and its mark finish anyway.
        _h.Notifier.AfterSend = stopping.Cancel;
        _h.Clock.Advance(TimeSpan.FromSeconds(20));

        try
        {
            await _h.Poller.RunOnceAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The round stops after the pair; what matters is what was recorded.
        }
        _h.Notifier.AfterSend = null;
        _h.Restart();
        await _h.RoundAfter(TimeSpan.FromMinutes(3));
        await _h.RoundAfterSeconds(20);

        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task Dying_between_a_post_and_its_mark_repeats_that_news_once_after_the_lease_and_nothing_else()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        await _h.WatchAsync(_ch2, Jobs.Make("PROCESSING", processing: 10));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        _h.WrapStore = store => new DiesAtFirstMark(store);
        _h.Restart();
        _h.Clock.Advance(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<ProcessDiedException>(() => _h.Poller.RunOnceAsync(CancellationToken.None));
        var beforeRestart = _h.Notifier.Attempts.Count;
        _h.WrapStore = null;
        _h.Restart();
        await _h.RoundAfterSeconds(20);
        var withinLease = _h.Notifier.Attempts.Count;
        await _h.RoundAfter(TimeSpan.FromMinutes(2));
        await _h.RoundAfterSeconds(20);

        Assert.Equal(2, _h.Notifier.SentTo(_ch1).Count + _h.Notifier.SentTo(_ch2).Count - 1);
        Assert.Equal(withinLease, beforeRestart);
        // Exactly one of the two conversations hears it twice: the one whose mark never landed.
        Assert.Equal([1, 2], new[] { _h.Notifier.SentTo(_ch1).Count, _h.Notifier.SentTo(_ch2).Count }.Order());
    }

    [Fact]
    public async Task A_throttled_api_is_not_read_again_before_its_retry_after()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Api.Fail(Jobs.Id, ModelArtsErrorKind.Throttled, retryAfter: TimeSpan.FromMinutes(3));

        await _h.RoundAfterSeconds(20);
        await _h.RoundAfter(TimeSpan.FromMinutes(2));
        Assert.Equal(1, _h.Api.Reads(Jobs.Id));

        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        await _h.RoundAfterSeconds(70);

        Assert.Equal(2, _h.Api.Reads(Jobs.Id));
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
    }

    [Fact]
    public async Task An_api_outage_is_backed_off_exponentially_and_forgotten_at_the_first_good_read()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));
        _h.Api.Fail(Jobs.Id, ModelArtsErrorKind.Unavailable);

        await _h.RoundAfterSeconds(0);
        Assert.Equal(1, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(70);
        Assert.Equal(2, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(100);
        Assert.Equal(2, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(40);
        Assert.Equal(3, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(200);
        Assert.Equal(3, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(70);
        Assert.Equal(4, _h.Api.Reads(Jobs.Id));

        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 10));
        await _h.RoundAfter(TimeSpan.FromMinutes(10));
        Assert.Equal(5, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(70);
        Assert.Equal(6, _h.Api.Reads(Jobs.Id));

        // A new outage starts again from the shortest wait.
        _h.Api.Fail(Jobs.Id, ModelArtsErrorKind.Timeout);
        await _h.RoundAfterSeconds(70);
        Assert.Equal(7, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(70);
        Assert.Equal(8, _h.Api.Reads(Jobs.Id));
    }

    [Fact]
    public async Task A_job_no_longer_visible_is_told_once_per_conversation_and_its_watches_are_disabled()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        await _h.WatchAsync(_ch2, Jobs.Make("PROCESSING", processing: 10));
        _h.Api.Fail(Jobs.Id, ModelArtsErrorKind.NotFound);

        await _h.RoundAfterSeconds(20);
        await _h.RoundAfter(TimeSpan.FromHours(1));

        Assert.Equal(1, _h.Api.Reads(Jobs.Id));
        foreach (var conversation in new[] { _ch1, _ch2 })
        {
            Assert.Equal([$"⚠️ Stopped watching job {Jobs.Id}: ModelArts no longer shows it (it was not found)"],
                _h.Notifier.SentTo(conversation));
            var watch = Assert.Single(await _h.ListAsync(conversation));
            Assert.Equal("job not visible (NotFound)", watch.DisabledReason);
        }
    }

    [Fact]
    public async Task An_account_that_cannot_read_the_project_pauses_polling_and_keeps_every_watch()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));
        await _h.WatchAsync(_ch2, Jobs.Make("PROCESSING", processing: 10, id: OtherJob));
        // A wrong project id: every job and the list answer 404.
        _h.Api.Fail(Jobs.Id, ModelArtsErrorKind.NotFound);
        _h.Api.Fail(OtherJob, ModelArtsErrorKind.NotFound);
        _h.Api.RefuseList(ModelArtsErrorKind.NotFound);

        await _h.RoundAfterSeconds(20);
        var listsInFirstRound = _h.Api.Lists;
        await _h.RoundAfter(TimeSpan.FromMinutes(20));
        var pausedRefusal = _h.Access.Refusal;
        _h.Api.RefuseList(null);
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 10, id: OtherJob));
        await _h.RoundAfter(TimeSpan.FromMinutes(20));

        Assert.Equal(1, listsInFirstRound);
        Assert.Equal(ModelArtsErrorKind.NotFound, pausedRefusal?.Kind);
        Assert.Null(_h.Access.Refusal);
        Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
        Assert.Empty(_h.Notifier.SentTo(_ch2));
        Assert.True(Assert.Single(await _h.ListAsync(_ch1)).IsActive);
        Assert.True(Assert.Single(await _h.ListAsync(_ch2)).IsActive);
    }

    [Fact]
    public async Task A_finished_job_is_told_once_and_its_watch_ends()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 4));
        _h.Api.Answer(Jobs.Make("FINISHED", succeeded: 4));

        await _h.RoundAfterSeconds(20);
        await _h.RoundAfter(TimeSpan.FromMinutes(5));

        Assert.Equal(["✅ Job nightly-driver-check finished: all 4 tasks succeeded"], _h.Notifier.SentTo(_ch1));
        Assert.True(_h.Notifier.Attempts.Single().Notification.EndsWatch);
        Assert.Empty(await _h.ListAsync(_ch1));
        Assert.Equal(1, _h.Api.Reads(Jobs.Id));
    }

    [Fact]
    public async Task A_watch_older_than_MaxWatchAge_ends_with_a_notice_saying_how_to_watch_again()
    {
        using var h = new PollerHarness(o => o.MaxWatchAge = TimeSpan.FromHours(1));
        await h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 4));
        await h.RoundAfterSeconds(20);

        await h.RoundAfter(TimeSpan.FromHours(1));

        Assert.Equal([$"⏱️ Stopped watching job {Jobs.Id} after 1 hour; send \"watch {Jobs.Id}\" to keep watching it"],
            h.Notifier.SentTo(_ch1));
        Assert.Empty(await h.ListAsync(_ch1));
        Assert.Equal(1, h.Api.Reads(Jobs.Id));
    }

    [Fact]
    public async Task Progress_without_news_refreshes_the_watched_card_once_per_change()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10), cardActivityId: "1700000000123");
        await _h.WatchAsync(_ch2, Jobs.Make("PROCESSING", processing: 10));

        _h.Api.Answer(Jobs.Make("PROCESSING", succeeded: 4, processing: 6));
        await _h.RoundAfterSeconds(20);
        await _h.RoundAfterSeconds(20);
        _h.Api.Answer(Jobs.Make("PROCESSING", succeeded: 8, processing: 2));
        await _h.RoundAfterSeconds(20);

        Assert.Equal([4, 8], _h.Notifier.CardUpdates.Select(u => JobSnapshot.From(u.Job).SucceededTasks));
        Assert.All(_h.Notifier.CardUpdates, u => Assert.Equal("1700000000123", u.Watch.CardActivityId));
        Assert.Empty(_h.Notifier.Attempts);
    }

    [Fact]
    public async Task A_new_watch_is_polled_fast_for_its_first_minutes_then_at_the_normal_interval()
    {
        await _h.WatchAsync(_ch1, Jobs.Make("PROCESSING", processing: 10));

        for (var i = 1; i <= 4; i++)
        {
            await _h.RoundAfterSeconds(17);
            Assert.Equal(i, _h.Api.Reads(Jobs.Id));
        }
        await _h.RoundAfter(TimeSpan.FromMinutes(5));
        Assert.Equal(5, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(20);
        await _h.RoundAfterSeconds(20);
        Assert.Equal(5, _h.Api.Reads(Jobs.Id));
        await _h.RoundAfterSeconds(30);
        Assert.Equal(6, _h.Api.Reads(Jobs.Id));
    }

    [Fact]
    public async Task The_running_service_polls_as_the_clock_advances()
    {
        var watch = Requests.Watch(_ch1, Jobs.Id, PollerHarness.Start, JobSnapshot.From(Jobs.Make("PROCESSING", processing: 10)));
        await _h.Store.AddAsync(watch, CancellationToken.None);
        _h.Api.Answer(Jobs.Make("PROCESSING", processing: 10));

        await _h.Poller.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => _h.Api.Reads(Jobs.Id) == 1);
            _h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)]));
            _h.Clock.Advance(TimeSpan.FromSeconds(20));

            await Eventually(() => _h.Notifier.SentTo(_ch1).Count == 1);
            Assert.Equal([ThreeFailed], _h.Notifier.SentTo(_ch1));
        }
        finally
        {
            await _h.Poller.StopAsync(CancellationToken.None);
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The background poller did not get there within 10 s.");
            await Task.Delay(20);
        }
    }
}
