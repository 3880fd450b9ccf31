using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>Carries out one command in the conversation it came from, and answers there.</summary>
public sealed class ConversationCommands(
    JobCardProvider cards,
    HelpCardBuilder help,
    WatchCommands watches,
    CardReplacer replacer,
    JobListCommands jobLists,
    SubscriptionCommands subscriptions,
    TypingIndicator typing)
{
    public async Task RunAsync(ITurnContext turnContext, BotCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        switch (command)
        {
            case ShowJobCommand show:
                var button = await watches.ButtonForAsync(turnContext, show.JobId, cancellationToken).ConfigureAwait(false);
                var (card, _) = await typing.WhileAsync(turnContext, () => cards.GetAsync(show.JobId, button, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                await turnContext.SendActivityAsync(CardActivities.ToMessage(card), cancellationToken).ConfigureAwait(false);
                break;
            case RefreshJobCommand refresh:
                var refreshedButton = await watches.ButtonForAsync(turnContext, refresh.JobId, cancellationToken).ConfigureAwait(false);
                var (refreshed, _) = await typing.WhileAsync(turnContext, () => cards.GetAsync(refresh.JobId, refreshedButton, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                await replacer.ReplaceAsync(turnContext, CardActivities.ToMessage(refreshed), cancellationToken).ConfigureAwait(false);
                break;
            case WatchJobCommand watch:
                await watches.WatchAsync(turnContext, watch.JobId, cancellationToken).ConfigureAwait(false);
                break;
            case UnwatchJobCommand unwatch:
                await watches.UnwatchAsync(turnContext, unwatch.JobId, cancellationToken).ConfigureAwait(false);
                break;
            case ListWatchesCommand:
                await watches.ListAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case ListJobsCommand list:
                await jobLists.ListAsync(turnContext, list, cancellationToken).ConfigureAwait(false);
                break;
            case InvalidJobListCommand invalidList:
                await SendTextAsync(turnContext, invalidList.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case SubscribeCommand subscribe:
                await subscriptions.SubscribeAsync(turnContext, subscribe, cancellationToken).ConfigureAwait(false);
                break;
            case UnsubscribeCommand unsubscribe:
                await subscriptions.UnsubscribeAsync(turnContext, unsubscribe.Number, cancellationToken).ConfigureAwait(false);
                break;
            case ListSubscriptionsCommand:
                await subscriptions.ListAsync(turnContext, cancellationToken).ConfigureAwait(false);
                break;
            case MuteJobCommand mute:
                await subscriptions.SetMutedAsync(turnContext, mute.JobId, muted: true, cancellationToken).ConfigureAwait(false);
                break;
            case UnmuteJobCommand unmute:
                await subscriptions.SetMutedAsync(turnContext, unmute.JobId, muted: false, cancellationToken).ConfigureAwait(false);
                break;
            case InvalidSubscriptionCommand invalidSubscription:
                await SendTextAsync(turnContext, invalidSubscription.Reason, cancellationToken).ConfigureAwait(false);
                break;
            case WatchWithMentionsCommand watchWithMentions:
                await watches.WatchAsync(turnContext, watchWithMentions.JobId, watchWithMentions.Mentions, cancellationToken).ConfigureAwait(false);
                break;
            case HelpCommand:
                await turnContext.SendActivityAsync(CardActivities.ToMessage(help.Build()), cancellationToken).ConfigureAwait(false);
                break;
            case InvalidJobIdCommand invalid:
                await SendTextAsync(turnContext, CommandReplies.InvalidJobId(invalid), cancellationToken).ConfigureAwait(false);
                break;
            case MissingJobIdCommand missing:
                await SendTextAsync(turnContext, CommandReplies.MissingJobId(missing), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await SendTextAsync(turnContext, CommandReplies.Unknown(), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static Task<ResourceResponse> SendTextAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text(text), cancellationToken);
}
