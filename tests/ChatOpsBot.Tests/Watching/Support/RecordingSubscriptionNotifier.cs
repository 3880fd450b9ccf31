using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>Takes every subscription post as sent and keeps its text; for tests of the wiring, not of posting.</summary>
internal sealed class RecordingSubscriptionNotifier : ISubscriptionNotifier, ISubscriptionDigestNotifier
{
    private int _posts;

    public List<string> Texts { get; } = [];

    public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(Subscription subscription, LiteServerJob job, string text,
        CancellationToken cancellationToken)
    {
        Texts.Add(text);
        return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Sent(), $"post-{Interlocked.Increment(ref _posts)}"));
    }

    public Task<NotifyOutcome> PostLaterAsync(Subscription subscription, LiteServerJob? job, string text, string postActivityId,
        CancellationToken cancellationToken)
    {
        Texts.Add(text);
        return Task.FromResult(NotifyOutcome.Sent());
    }

    public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
        CancellationToken cancellationToken)
    {
        Texts.Add(digest.Summary);
        return Task.FromResult<(NotifyOutcome, string?)>((NotifyOutcome.Sent(), $"post-{Interlocked.Increment(ref _posts)}"));
    }

    public Task<NotifyOutcome> UpdateDigestAsync(Subscription subscription, CardMessage digest, string postActivityId,
        CancellationToken cancellationToken)
    {
        Texts.Add(digest.Summary);
        return Task.FromResult(NotifyOutcome.Sent());
    }

    public Task<NotifyOutcome> PostInDigestThreadAsync(Subscription subscription, CardMessage digest, string text, string postActivityId,
        CancellationToken cancellationToken)
    {
        Texts.Add(text);
        return Task.FromResult(NotifyOutcome.Sent());
    }
}
