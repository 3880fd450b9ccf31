using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// Puts a new card where the old one was: a button press updates the message it was on (<c>replyToId</c>) instead of
/// adding to the thread. If there is no such message, or the channel refuses the update (deleted, too old), the card
/// is sent as a new reply, so the user still gets it.
/// </summary>
public sealed partial class CardReplacer(ILogger<CardReplacer> logger)
{
    public async Task ReplaceAsync(ITurnContext turnContext, IMessageActivity card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(card);
        var cardMessageId = turnContext.Activity.ReplyToId;
        if (!string.IsNullOrEmpty(cardMessageId))
        {
            card.Id = cardMessageId;
            try
            {
                await turnContext.UpdateActivityAsync(card, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception error) when (error is ErrorResponseException or HttpRequestException)
            {
                LogUpdateFailed(logger, error, cardMessageId);
                card.Id = null;
            }
        }
        await turnContext.SendActivityAsync(card, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update card message {ActivityId} in place; replying instead")]
    private static partial void LogUpdateFailed(ILogger logger, Exception error, string activityId);
}
