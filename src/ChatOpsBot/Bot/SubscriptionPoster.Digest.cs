using ChatOpsBot.Cards;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// A burst's digest, posted the way a job's first news is: in a channel a new thread, in a chat a message, one card whose
/// first line is the short text the phone preview shows, with the @mentions, above the digest. Jobs joining it update it in place; later
/// news of its jobs replies in its thread and updates it again, so its rows never go stale behind a job card.
/// </summary>
public sealed partial class SubscriptionPoster : ISubscriptionDigestNotifier
{
    public async Task<(NotifyOutcome Outcome, string? PostActivityId)> PostDigestAsync(Subscription subscription, CardMessage digest,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(digest);
        string? postId = null;
        var outcome = await SendAsync(subscription, null, async (turnContext, appId, ct) =>
        {
            var message = DigestPost(subscription, digest);
            if (IsChannel(turnContext))
            {
                var (_, activityId) = await TeamsInfo.SendMessageToTeamsChannelAsync(turnContext, message, subscription.ConversationId, appId, ct)
                    .ConfigureAwait(false);
                postId = activityId;
            }
            else
            {
                postId = (await turnContext.SendActivityAsync(message, ct).ConfigureAwait(false))?.Id;
            }
        }, cancellationToken).ConfigureAwait(false);
        return (outcome, postId);
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
