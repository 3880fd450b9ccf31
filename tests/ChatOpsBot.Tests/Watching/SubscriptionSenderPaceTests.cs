using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The subscription sender keeps the conversation's pace too, on a fake clock over a real SQLite store: a burst of
/// first posts into one channel goes out a gap apart, and a 429 holds the channel off for its Retry-After, after which
/// the news goes out once.
/// </summary>
public sealed class SubscriptionSenderPaceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SqliteWatchStore _store;
    private readonly TimedNotifier _notifier;
    private readonly SubscriptionSender _sender;

    public SubscriptionSenderPaceTests()
    {
        _store = new SqliteWatchStore(Path.Combine(_folder.Path, SqliteWatchStore.FileName), 50, NullLogger.Instance, WatchSchema.Migrations);
        _notifier = new TimedNotifier(_clock);
        var options = MsOptions.Create(new WatchOptions());
        var pace = new ConversationPace(_store, MsOptions.Create(new ConversationPaceOptions()), options, _clock, NullLogger<ConversationPace>.Instance);
        var reader = new JobReader(new FakeJobClient(), new ProjectAccess(_clock, NullLogger<ProjectAccess>.Instance), options,
            NullLogger<JobReader>.Instance);
        // A window too short to hold two posts: every job posts alone, which is what this class is about (the digest has its own tests).
        var digests = new SubscriptionDigests(_store, _notifier, new NoDigests(), new FailureDigestCardBuilder(),
            MsOptions.Create(new SubscriptionOptions { DigestWindow = TimeSpan.FromMilliseconds(1) }), options, _clock,
            NullLogger<SubscriptionDigests>.Instance);
        _sender = new SubscriptionSender(_store, _notifier, digests, reader, options, _clock, pace, NullLogger<SubscriptionSender>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Five_first_posts_into_one_channel_go_out_a_second_apart()
    {
        var jobs = await RecordNewsAsync(5);

        await DeliverWhileTimePassesAsync(jobs);

        Assert.Equal(5, _notifier.Posts.Count);
        AssertApart([.. _notifier.Posts.Select(p => p.At)], TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_throttled_post_keeps_the_channel_quiet_for_Retry_After_then_goes_out_once()
    {
        var jobs = await RecordNewsAsync(2);
        _notifier.ThrottleNext(TimeSpan.FromSeconds(20));

        await DeliverWhileTimePassesAsync(jobs);
        var throttledAt = _notifier.Throttled.Single();
        _clock.Advance(TimeSpan.FromSeconds(20));
        await DeliverWhileTimePassesAsync(jobs);

        Assert.Equal(["job-0", "job-1"], _notifier.Posts.Select(p => p.JobId).Order());
        Assert.All(_notifier.Posts, p => Assert.True(p.At >= throttledAt + TimeSpan.FromSeconds(20), $"posted at {p.At:O}"));
        AssertApart([.. _notifier.Posts.Select(p => p.At)], TimeSpan.FromSeconds(1));
    }

    // A channel subscribed, and the feed's news of several jobs in its outbox.
    private async Task<Dictionary<string, LiteServerJob>> RecordNewsAsync(int count)
    {
        var added = await _store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Start), 10, CancellationToken.None);
        var subscription = added.Subscription!;
        var claim = (await _store.ClaimFeedAsync("project", Start, TimeSpan.FromMinutes(2), CancellationToken.None))!;
        var news = Enumerable.Range(0, count).Select(i => new PendingSubscriptionNews(subscription.Id, $"job-{i}", $"🔴 job-{i} failed")).ToList();
        Assert.True(await _store.RecordFeedAsync("project", claim.Token, [], [], [], news, morePages: false, Start, Start.AddMinutes(1),
            CancellationToken.None));
        return Enumerable.Range(0, count).ToDictionary(i => $"job-{i}", i => Jobs.Make("PROCESSING", processing: 1, id: $"job-{i}"));
    }

    // The sender waits for turns on the fake clock: time moves in tenths of a second, never right after a post.
    private async Task DeliverWhileTimePassesAsync(Dictionary<string, LiteServerJob> jobs)
    {
        var delivering = _sender.DeliverPendingAsync(jobs, CancellationToken.None);
        var seen = _notifier.Calls;
        for (var steps = 0; !delivering.IsCompleted; steps++)
        {
            Assert.True(steps < 20_000, "the sender did not finish");
            await Task.WhenAny(delivering, Task.Delay(30));
            var calls = _notifier.Calls;
            if (!delivering.IsCompleted && calls == seen)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(100));
            }
            seen = calls;
        }
        await delivering;
    }

    private static void AssertApart(IReadOnlyList<DateTimeOffset> times, TimeSpan gap)
    {
        var ordered = times.Order().ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i] - ordered[i - 1] >= gap, $"posts {i - 1} and {i} only {(ordered[i] - ordered[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    /// <summary>Takes posts as sent at the fake clock's time, but for one it answers 429 with Retry-After.</summary>
    private sealed class NoDigests : ISubscriptionDigestNotifier
    {
        public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
            CancellationToken cancellationToken) => throw new InvalidOperationException("no job of these tests joins a digest");

        public Task<NotifyOutcome> UpdateDigestAsync(Subscription subscription, CardMessage digest, string postActivityId,
            CancellationToken cancellationToken) => throw new InvalidOperationException("no job of these tests joins a digest");

        public Task<NotifyOutcome> PostInDigestThreadAsync(Subscription subscription, CardMessage digest, string text, string postActivityId,
            CancellationToken cancellationToken) => throw new InvalidOperationException("no job of these tests joins a digest");
    }

    private sealed class TimedNotifier(TimeProvider clock) : ISubscriptionNotifier
    {
        private TimeSpan? _throttle;
        private int _calls;

        public ConcurrentQueue<(string JobId, DateTimeOffset At)> Posts { get; } = new();

        public ConcurrentQueue<DateTimeOffset> Throttled { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public void ThrottleNext(TimeSpan retryAfter) => _throttle = retryAfter;

        public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(Subscription subscription, LiteServerJob job, string text,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (_throttle is { } retryAfter)
            {
                _throttle = null;
                Throttled.Enqueue(clock.GetUtcNow());
                return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Throttled(retryAfter), null));
            }
            Posts.Enqueue((job.Id!, clock.GetUtcNow()));
            return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Sent(), $"post-{job.Id}"));
        }

        public Task<NotifyOutcome> PostLaterAsync(Subscription subscription, LiteServerJob? job, string text, string postActivityId,
            CancellationToken cancellationToken) => throw new InvalidOperationException("each job has one piece of news here");
    }
}
