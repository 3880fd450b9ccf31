using ChatOpsBot.Cards;

namespace ChatOpsBot.Watching;

/// <summary>
/// Posts a burst's digest (implemented at the Bot edge, beside <see cref="ISubscriptionNotifier"/>): one top-level post
/// with the digest card, updated in place as jobs join it, and later news of its jobs as replies in its thread.
/// Failures are outcomes, not exceptions.
/// </summary>
public interface ISubscriptionDigestNotifier
{
    /// <summary>The digest's post (in a channel a new thread, in a chat a message), with the subscription's @mentions.</summary>
    Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
        CancellationToken cancellationToken);

    /// <summary>The digest's post updated in place.</summary>
    Task<NotifyOutcome> UpdateDigestAsync(Subscription subscription, CardMessage digest, string postActivityId, CancellationToken cancellationToken);

    /// <summary>Later news of one of its jobs: a reply in the digest's thread (in a chat a new message), then the digest updated in place.</summary>
    Task<NotifyOutcome> PostInDigestThreadAsync(Subscription subscription, CardMessage digest, string text, string postActivityId,
        CancellationToken cancellationToken);
}
