using ChatOpsBot.Cards;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// A burst's digest, posted the way a job's first news is: in a channel a new thread, in a chat a message, one card whose
/// first line is the short text the phone preview shows, with the @mentions, above the digest. Jobs joining it update it in place; later
/// news of its jobs replies in its thread and updates it again, so its rows never go stale behind a job card.
/// </summary>
public sealed partial class SubscriptionPoster : ISubscriptionDigestNotifier
{
    public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(digest);
        return PostNewAsync(subscription, () => DigestPost(subscription, digest), cancellationToken);
    }

    public Task<NotifyOutcome> UpdateDigestAsync(Subscription subscription, CardMessage digest, string postActivityId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(digest);
        return SendAsync(subscription, postActivityId, async (turnContext, _, ct) =>
        {
            var updated = DigestPost(subscription, digest);
            updated.Id = postActivityId;
            await turnContext.UpdateActivityAsync(updated, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<NotifyOutcome> PostInDigestThreadAsync(Subscription subscription, CardMessage digest, string text, string postActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(digest);
        return SendAsync(subscription, postActivityId, async (turnContext, _, ct) =>
        {
            var reply = MentionedText.Apply(MessageFactory.Text(text), subscription.Mentions);
            reply.Summary = text;
            await turnContext.SendActivityAsync(reply, ct).ConfigureAwait(false);
            var updated = DigestPost(subscription, digest);
            updated.Id = postActivityId;
            await turnContext.UpdateActivityAsync(updated, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    // One card, as a job's post (SubscriptionPostMessage says why): the digest's summary, with the @mentions, as its
    // first line and as what the phone shows.
    private static IMessageActivity DigestPost(Subscription subscription, CardMessage digest) =>
        SubscriptionPostMessage.Of(digest, digest.Summary, subscription.Mentions);
}
