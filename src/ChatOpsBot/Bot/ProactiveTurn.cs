using System.Net;
using System.Runtime.ExceptionServices;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// One proactive turn into a stored conversation (watch news, subscription posts), with Teams' answer as an outcome:
/// 403/404 to a post mean the bot was removed or blocked there; 403/404 to updating a message mean only that message is
/// gone; 429 means slow down (with Teams' Retry-After when it sends one).
/// </summary>
internal static class ProactiveTurn
{
    /// <param name="updatingCard">True when <paramref name="send"/> only updates a message: a 403/404 then means that message is gone.</param>
    public static async Task<NotifyOutcome> RunAsync(ChatOpsAdapter adapter, string appId, ConversationReference reference,
        BotCallbackHandler send, bool updatingCard, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            // The adapter hands an exception of the callback to OnTurnError, which logs it and carries on as if the
            // turn went well: catch it inside, so that a refusal reaches the caller as an outcome instead of passing
            // for a sent message (and a throttled message for a delivered one).
            await adapter.ContinueConversationAsync(appId, reference, async (turnContext, ct) =>
            {
                try
                {
                    await send(turnContext, ct).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    failure = error;
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ErrorResponseException or HttpRequestException)
        {
            failure = error;
        }
        if (failure is not (null or ErrorResponseException or HttpRequestException))
        {
            // Cancellation, or a bug on our side: the caller counts the message as not sent (and logs the bug).
            ExceptionDispatchInfo.Throw(failure);
        }
        return failure switch
        {
            null => NotifyOutcome.Sent(),
            ErrorResponseException { Response.StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound } refused when updatingCard =>
                NotifyOutcome.MessageGone($"Teams answered {(int)refused.Response.StatusCode} to updating the card"),
            ErrorResponseException { Response.StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound } refused =>
                NotifyOutcome.ConversationGone($"Teams answered {(int)refused.Response.StatusCode}: the bot was removed or blocked there"),
            ErrorResponseException { Response.StatusCode: HttpStatusCode.TooManyRequests } throttled => NotifyOutcome.Throttled(RetryAfter(throttled)),
            ErrorResponseException response => NotifyOutcome.Failed($"Teams answered {(int?)response.Response?.StatusCode}"),
            _ => NotifyOutcome.Failed("Teams could not be reached"),
        };
    }

    private static TimeSpan? RetryAfter(ErrorResponseException error) =>
        error.Response?.Headers is { } headers && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
}
