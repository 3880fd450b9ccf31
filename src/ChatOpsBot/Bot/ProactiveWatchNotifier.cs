using System.Net;
using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// Posts a watch's news into its conversation with the stored conversation reference (a proactive message), @mentioning
/// the people the watch names, and keeps the watched card up to date in place. Channel refusals become outcomes the
/// poller acts on: 403/404 to a post mean the bot was removed or blocked there; 403/404 to updating the card mean only
/// that message is gone (someone deleted it); 429 means slow down.
/// </summary>
public sealed partial class ProactiveWatchNotifier(
    ChatOpsAdapter adapter,
    IConfiguration configuration,
    AccessPolicy policy,
    ServiceUrlPolicy serviceUrls,
    JobCardProvider cards,
    ILogger<ProactiveWatchNotifier> logger) : IWatchNotifier
{
    public async Task<NotifyOutcome> NotifyAsync(Watch watch, JobNotification notification, LiteServerJob? job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(notification);
        var cardGone = false;
        var outcome = await SendAsync(watch, async (turnContext, ct) =>
        {
            // The text pings the watch's people (<at>Name</at> with a mention entity each); the preview is the news alone.
            var message = MentionedText.Apply(MessageFactory.Text(notification.Text), watch.Mentions);
            message.Summary = notification.Text;
            await turnContext.SendActivityAsync(message, ct).ConfigureAwait(false);
            if (job is not null && watch.CardActivityId is { Length: > 0 } cardId)
            {
                // The news is out: a card Teams will not update now (throttled, message gone) must not make it count
                // as unsent, which would post it again (429) or stop the watch (404). The next change refreshes the card.
                try
                {
                    await UpdateCardAsync(turnContext, cardId, job, notification.EndsWatch ? WatchButton.Hidden : WatchButton.Unwatch, ct)
                        .ConfigureAwait(false);
                }
                catch (Exception error) when (error is ErrorResponseException or HttpRequestException)
                {
                    cardGone = IsGone(error);
                    LogCardNotUpdated(logger, error, watch.JobId, cardId);
                }
            }
        }, updatingCard: false, cancellationToken).ConfigureAwait(false);
        // The news is out either way; a deleted card message is forgotten, so later news does not try it again.
        return outcome.Kind == NotifyOutcomeKind.Sent && cardGone ? NotifyOutcome.SentWithoutCard("the card message is gone") : outcome;
    }

    public Task<NotifyOutcome> UpdateCardAsync(Watch watch, LiteServerJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        return watch.CardActivityId is { Length: > 0 } cardId
            ? SendAsync(watch, (turnContext, ct) => UpdateCardAsync(turnContext, cardId, job, WatchButton.Unwatch, ct), updatingCard: true,
                cancellationToken)
            : Task.FromResult(NotifyOutcome.Sent());
    }

    private Task<ResourceResponse> UpdateCardAsync(ITurnContext turnContext, string cardId, LiteServerJob job, WatchButton button, CancellationToken cancellationToken)
    {
        var card = CardActivities.ToMessage(cards.Build(job, job.Id ?? "", button));
        card.Id = cardId;
        return turnContext.UpdateActivityAsync(card, cancellationToken);
    }

    private static bool IsGone(Exception error) =>
        error is ErrorResponseException { Response.StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound };

    /// <param name="updatingCard">True when <paramref name="send"/> only updates the card: a 403/404 then means that message is gone.</param>
    private async Task<NotifyOutcome> SendAsync(Watch watch, BotCallbackHandler send, bool updatingCard, CancellationToken cancellationToken)
    {
        var reference = JsonConvert.DeserializeObject<ConversationReference>(watch.ConversationReference);
        if (reference?.Conversation is null)
        {
            return NotifyOutcome.ConversationGone("the stored conversation reference is unreadable");
        }
        if (!serviceUrls.IsAllowed(reference.ServiceUrl))
        {
            return NotifyOutcome.ConversationGone("the stored serviceUrl is not an allowed Bot Framework host (Bot:AllowedServiceUrlHosts)");
        }
        var decision = policy.Check(ConversationScope.TakeAccessRequest(reference, watch.TenantId, watch.RequestedByUserId));
        if (!decision.IsAllowed)
        {
            LogRefused(logger, watch.JobId, decision.Reason, watch.TenantId, watch.RequestedByUserId, reference.Conversation.Id);
            return NotifyOutcome.ConversationGone("the access policy no longer allows this conversation");
        }
        return await ProactiveTurn.RunAsync(adapter, configuration["MicrosoftAppId"] ?? "", reference, send, updatingCard, cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Posted news of job {JobId} but could not update its card message {ActivityId}")]
    private static partial void LogCardNotUpdated(ILogger logger, Exception error, string jobId, string activityId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Not posting news of job {JobId} ({Reason}): tenant {TenantId}, user {UserObjectId}, conversation {ConversationId}")]
    private static partial void LogRefused(ILogger logger, string jobId, string reason, string? tenantId, string userObjectId, string conversationId);
}
