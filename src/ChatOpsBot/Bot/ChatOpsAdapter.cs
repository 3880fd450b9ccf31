using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace ChatOpsBot.Bot;

/// <summary>
/// The SDK's CloudAdapter (it owns channel authentication) with a last-resort error handler: a user sees one plain
/// sentence, the log gets the exception, and nothing internal reaches the chat.
/// </summary>
public sealed partial class ChatOpsAdapter : CloudAdapter
{
    public ChatOpsAdapter(BotFrameworkAuthentication authentication, ILogger<ChatOpsAdapter> logger)
        : base(authentication, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            LogTurnFailed(logger, exception, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            if (turnContext.Activity.Type == Microsoft.Bot.Schema.ActivityTypes.Message)
            {
                await turnContext.SendActivityAsync(
                    "Sorry, something went wrong on my side. Please try again in a minute.").ConfigureAwait(false);
            }
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed for a {ActivityType} activity in conversation {ConversationId}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType, string? conversationId);
}
