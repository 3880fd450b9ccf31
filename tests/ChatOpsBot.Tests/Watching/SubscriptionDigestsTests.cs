using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The decision at send time over a real SQLite store, with a notifier that answers as told: which post each first
/// news makes, that a digest post that did not go out is posted again (with the jobs that joined meanwhile), and where
/// later news goes.
/// </summary>
public sealed class SubscriptionDigestsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly SqliteWatchStore _store;
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ScriptedNotifier _notifier = new();
    private readonly SubscriptionDigests _digests;

    public SubscriptionDigestsTests()
    {
        _store = new SqliteWatchStore(Path.Combine(_folder.Path, SqliteWatchStore.FileName), 50, NullLogger.Instance, WatchSchema.Migrations);
        _digests = new SubscriptionDigests(_store, _notifier, _notifier, new FailureDigestCardBuilder(),
            Options.Create(new SubscriptionOptions()), Options.Create(new WatchOptions()), _clock, NullLogger<SubscriptionDigests>.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_digest_post_that_was_throttled_is_opened_again_by_the_next_job_and_the_first_then_updates_it()
    {
        var subscription = await SubscribeAsync();
        for (var n = 1; n <= 3; n++)
        {
            Assert.Equal($"job-post-{n}", (await _digests.PostFirstAsync(Delivery(subscription, n), Job(n), CancellationToken.None)).PostActivityId);
        }
        _notifier.NextDigestPost = NotifyOutcome.Throttled(TimeSpan.FromSeconds(3));

        var throttled = await _digests.PostFirstAsync(Delivery(subscription, 4), Job(4), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var fifth = await _digests.PostFirstAsync(Delivery(subscription, 5), Job(5), CancellationToken.None);
        var fourthAgain = await _digests.PostFirstAsync(Delivery(subscription, 4), Job(4), CancellationToken.None);

        Assert.Equal((NotifyOutcomeKind.Throttled, (string?)null), (throttled.Outcome.Kind, throttled.PostActivityId));
        Assert.Equal((NotifyOutcomeKind.Sent, "digest-post"), (fifth.Outcome.Kind, fifth.PostActivityId));
        Assert.Equal((NotifyOutcomeKind.Sent, "digest-post"), (fourthAgain.Outcome.Kind, fourthAgain.PostActivityId));
        Assert.Equal(
            [
                "first job-1", "first job-2", "first job-3",
                "digest 🔴 1 more job is failing: job-4 (refused)",
                "digest 🔴 2 more jobs are failing: job-4 and job-5",
                "update digest-post 🔴 2 more jobs are failing: job-4 and job-5",
            ],
            _notifier.Calls);
    }

    [Fact]
    public async Task Later_news_of_a_digest_job_goes_to_the_digests_thread_and_of_a_job_posted_alone_to_its_own_post()
    {
        var subscription = await SubscribeAsync();
        for (var n = 1; n <= 4; n++)
        {
            await _digests.PostFirstAsync(Delivery(subscription, n), Job(n), CancellationToken.None);
        }

        var alone = await _digests.PostInDigestThreadAsync(Delivery(subscription, 2, "job-post-2"), Job(2), CancellationToken.None);
        var inDigest = await _digests.PostInDigestThreadAsync(Delivery(subscription, 4, "digest-post"), Job(4) with { Status = "FINISHED" },
            CancellationToken.None);

        Assert.Null(alone);
        Assert.Equal(NotifyOutcomeKind.Sent, inDigest!.Kind);
        Assert.Equal("thread digest-post later news of job-4 / 🔴 1 more job is failing: job-4", _notifier.Calls[^1]);
        Assert.Contains("FINISHED", _notifier.LastDigest!.ToJson(), StringComparison.Ordinal);
    }

    private async Task<Subscription> SubscribeAsync() =>
        (await _store.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Start.AddHours(-1)), 10, CancellationToken.None))
        .Subscription!;

    private static SubscriptionDelivery Delivery(Subscription subscription, int n, string? thread = null) =>
        new(n, subscription, $"job-{n}", thread is null ? $"first news of job-{n}" : $"later news of job-{n}", thread, "claim", 1);

    private static LiteServerJob Job(int n) => new() { Id = $"job-{n}", Name = $"job-{n}", Status = "PROCESSING", AbnormalCount = n };

    /// <summary>Answers Sent unless told otherwise; keeps what it was asked to post, in order.</summary>
    private sealed class ScriptedNotifier : ISubscriptionNotifier, ISubscriptionDigestNotifier
    {
        public NotifyOutcome? NextDigestPost { get; set; }

        public List<string> Calls { get; } = [];

        public CardMessage? LastDigest { get; private set; }

        public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(Subscription subscription, LiteServerJob job, string text,
            CancellationToken cancellationToken)
        {
            Calls.Add("first " + job.Id);
            return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Sent(), "job-post-" + job.Id![4..]));
        }

        public Task<NotifyOutcome> PostLaterAsync(Subscription subscription, LiteServerJob? job, string text, string postActivityId,
            CancellationToken cancellationToken) => throw new InvalidOperationException("not the digest's path");

        public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
            CancellationToken cancellationToken)
        {
            LastDigest = digest;
            if (NextDigestPost is { } refused)
            {
                NextDigestPost = null;
                Calls.Add("digest " + digest.Summary + " (refused)");
                return Task.FromResult<(NotifyOutcome, string?)>((refused, null));
            }
            Calls.Add("digest " + digest.Summary);
            return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Sent(), "digest-post"));
        }

        public Task<NotifyOutcome> UpdateDigestAsync(Subscription subscription, CardMessage digest, string postActivityId,
            CancellationToken cancellationToken)
        {
            LastDigest = digest;
            Calls.Add($"update {postActivityId} {digest.Summary}");
            return Task.FromResult(NotifyOutcome.Sent());
        }

        public Task<NotifyOutcome> PostInDigestThreadAsync(Subscription subscription, CardMessage digest, string text, string postActivityId,
            CancellationToken cancellationToken)
        {
            LastDigest = digest;
            Calls.Add($"thread {postActivityId} {text} / {digest.Summary}");
            return Task.FromResult(NotifyOutcome.Sent());
        }
    }
}
