using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// Posts a subscription's news of a job. The first news opens one top-level post: in a channel a new thread
/// (<see cref="TeamsInfo.SendMessageToTeamsChannelAsync(ITurnContext, IActivity, string, string, CancellationToken)"/>,
/// Teams' CreateConversation with the channel), in a chat a message; it holds the short text the phone preview shows,
/// the job's card and the @mentions. Later news replies in that post's thread (in a chat: a new message) and updates the
/// post's card in place, so a job never opens a second top-level post.
/// </summary>
public sealed partial class SubscriptionPoster(
    ChatOpsAdapter adapter,
    IConfiguration configuration,
    AccessPolicy policy,
    ServiceUrlPolicy serviceUrls,
    JobCardProvider cards) : ISubscriptionNotifier
{
    /// <summary>The first news of the job: the outcome, and the id of the post that opened its thread when it went out.</summary>
    public Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(Subscription subscription, LiteServerJob job, string text,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return PostNewAsync(subscription, () => Post(subscription, job, text), cancellationToken);
    }

    // A new top-level post (a job's first news, a digest): in a channel a new thread, in a chat a message. The outcome,
    // and the post's id when it went out.
    private async Task<(NotifyOutcome Outcome, string? PostActivityId)> PostNewAsync(Subscription subscription, Func<IMessageActivity> post,
        CancellationToken cancellationToken)
    {
        string? postId = null;
        var outcome = await SendAsync(subscription, null, async (turnContext, appId, ct) =>
        {
            var message = post();
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

    /// <summary>
    /// Later news of the job: a reply in the post's thread (a new message in a chat), then the post updated in place;
    /// without a job (it was deleted and cannot be read) the post is left as it was.
    /// </summary>
    public Task<NotifyOutcome> PostLaterAsync(Subscription subscription, LiteServerJob? job, string text, string postActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return SendAsync(subscription, postActivityId, async (turnContext, _, ct) =>
        {
            var reply = MentionedText.Apply(MessageFactory.Text(text), subscription.Mentions);
            reply.Summary = text;
            await turnContext.SendActivityAsync(reply, ct).ConfigureAwait(false);
            if (job is null)
            {
                return;
            }
            var updated = Post(subscription, job, text);
            updated.Id = postActivityId;
            // The reply is out: a card Teams will not update now (429, message gone) must not make it count as unsent,
            // which would post the reply again. The job's next news updates the card again.
            try
            {
                await turnContext.UpdateActivityAsync(updated, ct).ConfigureAwait(false);
            }
            catch (Exception error) when (error is ErrorResponseException or HttpRequestException)
            {
            }
        }, cancellationToken);
    }

    // One card: the text (what the phone shows, with the @mentions) as its first line, above the job's card.
    private IMessageActivity Post(Subscription subscription, LiteServerJob job, string text) =>
        SubscriptionPostMessage.Of(cards.Build(job, job.Id ?? "", WatchButton.Watch), text, subscription.Mentions);

    private static bool IsChannel(ITurnContext turnContext) =>
        string.Equals(turnContext.Activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);

    private async Task<NotifyOutcome> SendAsync(Subscription subscription, string? threadPostId,
        Func<ITurnContext, string, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        var reference = JsonConvert.DeserializeObject<ConversationReference>(subscription.ConversationReference);
        if (reference?.Conversation is null)
        {
            return NotifyOutcome.ConversationGone("the stored conversation reference is unreadable");
        }
        if (!serviceUrls.IsAllowed(reference.ServiceUrl))
        {
            return NotifyOutcome.ConversationGone("the stored serviceUrl is not an allowed Bot Framework host (Bot:AllowedServiceUrlHosts)");
        }
        var decision = policy.Check(ConversationScope.TakeAccessRequest(reference, subscription.TenantId, subscription.RequestedByUserId));
        if (!decision.IsAllowed)
        {
            return NotifyOutcome.ConversationGone("the access policy no longer allows this conversation");
        }
        var isChannel = string.Equals(reference.Conversation.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);
        if (threadPostId is not null && isChannel)
        {
            reference.Conversation.Id = SubscriptionConversation.ThreadOf(subscription.ConversationId, threadPostId);
        }
        var appId = configuration["MicrosoftAppId"] ?? "";
        return await ProactiveTurn.RunAsync(adapter, appId, reference, (turnContext, ct) => send(turnContext, appId, ct), updatingCard: false,
            cancellationToken).ConfigureAwait(false);
    }
}
