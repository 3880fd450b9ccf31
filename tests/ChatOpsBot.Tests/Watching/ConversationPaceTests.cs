using System.Collections.Concurrent;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The pace as the watch sender keeps it, on a fake clock over a real SQLite store: news for one conversation goes out
/// one gap apart (a channel's threads share the pace), a 429 holds the conversation off for its Retry-After and the news
/// then goes out once, and a post whose turn is too far for its
/// claim goes back to the outbox and out in a later round.
/// </summary>
public sealed class ConversationPaceTests : IDisposable
{
    private const string DriverMismatch = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    private const string Channel = "19:pace@thread.tacv2";

    private readonly PollerHarness _h = new();
    private readonly ConcurrentQueue<DateTimeOffset> _posts = new();

    public ConversationPaceTests() =>
        _h.Notifier.AfterSend = () => _posts.Enqueue(_h.Clock.GetUtcNow());

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Five_news_for_one_conversation_post_at_least_a_second_apart()
    {
        const string chat = "a:personal-chat";
        await WatchFiveJobsAsync(_ => chat);

        await FailAllAndRunRoundAsync();

        Assert.Equal(5, _h.Notifier.SentTo(chat).Count);
        AssertApart([.. _posts], TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_threads_of_one_channel_share_its_pace()
    {
        await WatchFiveJobsAsync(i => $"{Channel};messageid=170000000000{i}");

        await FailAllAndRunRoundAsync();

        Assert.Equal(5, _h.Notifier.Attempts.Count(a => a.Outcome.Kind == NotifyOutcomeKind.Sent));
        AssertApart([.. _posts], TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_throttled_post_waits_for_Retry_After_then_goes_out_once_and_holds_the_conversation_off()
    {
        // A short lease: the other news, recorded under the round's claim, is free again well before Retry-After ends.
        using var h = new PollerHarness(o => o.ClaimLease = TimeSpan.FromSeconds(10));
        var posts = new ConcurrentQueue<DateTimeOffset>();
        h.Notifier.AfterSend = () => posts.Enqueue(h.Clock.GetUtcNow());
        const string chat = "a:personal-chat";
        for (var i = 0; i < 2; i++)
        {
            await h.WatchAsync(chat, Jobs.Make("PROCESSING", processing: 10, id: $"job-{i}"));
        }
        h.Notifier.Script(chat, NotifyOutcome.Throttled(TimeSpan.FromSeconds(30)));
        Answer(h, 2);

        var throttledAt = h.Clock.GetUtcNow() + TimeSpan.FromSeconds(20);
        await RunRoundAsync(h, TimeSpan.FromSeconds(20));
        // Rounds every 5 s, as the poller runs them, until both news are out.
        for (var i = 0; i < 12 && posts.Count < 2; i++)
        {
            await RunRoundAsync(h, TimeSpan.FromSeconds(5));
        }

        var attempts = h.Notifier.Attempts;
        Assert.Equal(3, attempts.Count);
        Assert.Equal(NotifyOutcomeKind.Throttled, attempts[0].Outcome.Kind);
        Assert.Equal(attempts[0].Watch.JobId, attempts[1].Watch.JobId);
        Assert.Equal(["job-0", "job-1"], attempts.Skip(1).Select(a => a.Watch.JobId).Order());
        // Nothing went into the conversation, this news nor the other, before Retry-After.
        Assert.All(posts, p => Assert.True(p >= throttledAt + TimeSpan.FromSeconds(30), $"posted at {p:O}, throttled at {throttledAt:O}"));
        AssertApart([.. posts], TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_post_whose_turn_is_beyond_half_its_claim_goes_back_to_the_outbox_and_out_in_a_later_round()
    {
        using var h = new PollerHarness(o => o.ClaimLease = TimeSpan.FromSeconds(10), p => p.ConversationPostInterval = TimeSpan.FromSeconds(4));
        var posts = new ConcurrentQueue<DateTimeOffset>();
        h.Notifier.AfterSend = () => posts.Enqueue(h.Clock.GetUtcNow());
        // Three threads of one channel: one claim takes their news together, and they share the channel's pace.
        for (var i = 0; i < 3; i++)
        {
            await h.WatchAsync($"{Channel};messageid=170000000000{i}", Jobs.Make("PROCESSING", processing: 10, id: $"job-{i}"));
        }
        Answer(h, 3);

        // A claim of 10 s waits at most 5 s for a turn: the turns are at 0, 4 and 8 s, so the third news stays in the outbox.
        await RunRoundAsync(h, TimeSpan.FromSeconds(20));
        var firstRound = posts.Count;
        await RunRoundAsync(h, TimeSpan.FromSeconds(5));

        Assert.Equal(2, firstRound);
        Assert.Equal(3, h.Notifier.Attempts.Count);
        Assert.Equal(3, h.Notifier.Attempts.Select(a => a.Watch.ConversationId).Distinct().Count());
        AssertApart([.. posts], TimeSpan.FromSeconds(4));
    }

    private async Task WatchFiveJobsAsync(Func<int, string> conversation, int count = 5)
    {
        for (var i = 0; i < count; i++)
        {
            await _h.WatchAsync(conversation(i), Jobs.Make("PROCESSING", processing: 10, id: $"job-{i}"));
        }
    }

    private async Task FailAllAndRunRoundAsync(int count = 5)
    {
        Answer(_h, count);
        await RunRoundAsync(TimeSpan.FromSeconds(20));
    }

    private Task RunRoundAsync(TimeSpan after) => RunRoundAsync(_h, after);

    // The round waits for turns on the fake clock: move it on in steps of a tenth of a second until the round is over.
    // The posts' times are read when they are made, so time stands while a post is being made: at the round's start
    // until its first post (one whose turn is now; two seconds at most, for a round whose posts all wait), and after
    // each post. A post that waited is made as the step reaches its turn.
    private static async Task RunRoundAsync(PollerHarness h, TimeSpan after)
    {
        h.Clock.Advance(after);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var before = h.Notifier.Attempts.Count;
        var round = h.Poller.RunOnceAsync(CancellationToken.None);
        var seen = before;
        for (var steps = 0; !round.IsCompleted; steps++)
        {
            Assert.True(steps < 20_000, "the round did not end");
            await Task.WhenAny(round, Task.Delay(30));
            var attempts = h.Notifier.Attempts.Count;
            var firstPostPending = attempts == before && started.Elapsed < TimeSpan.FromSeconds(2);
            if (!round.IsCompleted && attempts == seen && !firstPostPending)
            {
                h.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
            seen = attempts;
        }
        await round;
    }

    private static void Answer(PollerHarness h, int count)
    {
        for (var i = 0; i < count; i++)
        {
            h.Api.Answer(Jobs.Make("PROCESSING", processing: 7, failed: [(DriverMismatch, 3)], id: $"job-{i}"));
        }
    }

    private static void AssertApart(IReadOnlyList<DateTimeOffset> times, TimeSpan gap)
    {
        Assert.NotEmpty(times);
        var ordered = times.Order().ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i] - ordered[i - 1] >= gap, $"posts {i - 1} and {i} only {(ordered[i] - ordered[i - 1]).TotalMilliseconds} ms apart");
        }
    }
}
