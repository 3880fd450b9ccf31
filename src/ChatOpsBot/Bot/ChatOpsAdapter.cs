using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// The SDK's CloudAdapter (it owns channel authentication and the turn) with a last-resort error handler: a user sees
/// one plain sentence, the log gets the exception, and nothing internal reaches the chat.
/// </summary>
public sealed partial class ChatOpsAdapter : CloudAdapter
{
    public ChatOpsAdapter(BotFrameworkAuthentication authentication, ILogger<ChatOpsAdapter> logger)
        : base(authentication, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            if (turnContext.Activity.Type != ActivityTypes.Message)
            {
                return;
            }
            try
            {
                await turnContext.SendActivityAsync(
                    "Sorry, something went wrong on my side. Please try again in a minute.").ConfigureAwait(false);
            }
            catch (Exception sendError) when (sendError is not OperationCanceledException)
            {
                // The apology goes where the turn's own reply failed to go; if the channel is unreachable the log
                // already holds the cause, and the channel's request still gets its answer instead of a 500.
                LogApologyFailed(logger, sendError, turnContext.Activity.Conversation?.Id);
            }
        };
    }

    /// <summary>
    /// Runs the turn for an activity whose request <see cref="ActivityEndpoint"/> has already read and authenticated;
    /// returns the invoke or expectReplies response, or null when there is none.
    /// </summary>
    public Task<InvokeResponse> ProcessAuthenticatedAsync(
        AuthenticateRequestResult authentication, Activity activity, IBot bot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return ProcessActivityAsync(authentication, activity, bot.OnTurnAsync, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for a {ActivityType} activity in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell conversation {ConversationId} that its turn failed")]
    private static partial void LogApologyFailed(ILogger logger, Exception exception, string? conversationId);
}
