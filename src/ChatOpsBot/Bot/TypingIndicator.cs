using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Bot;

/// <summary>
/// A sign of life while an answer is slow: ModelArts may take up to its whole deadline, and a chat that shows nothing
/// for ten seconds looks broken. One typing activity goes out when the answer is not ready within
/// <c>Bot:TypingDelay</c> (a second), and none when it is (a typing flash before a quick card is noise).
/// </summary>
public sealed class TypingIndicator(IOptionsMonitor<BotOptions> options, TimeProvider time)
{
    /// <summary>Runs <paramref name="answer"/>; if it takes longer than the delay, the conversation sees "typing…" meanwhile.</summary>
    public async Task<T> WhileAsync<T>(ITurnContext turnContext, Func<Task<T>> answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(answer);
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = TypeAfterDelayAsync(turnContext, ready.Token, cancellationToken);
        try
        {
            return await answer().ConfigureAwait(false);
        }
        finally
        {
            await ready.CancelAsync().ConfigureAwait(false);
            // A typing activity already on its way finishes before the answer is sent, so the two never cross.
            await typing.ConfigureAwait(false);
        }
    }

    private async Task TypeAfterDelayAsync(ITurnContext turnContext, CancellationToken answered, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.CurrentValue.TypingDelay, time, answered).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await turnContext.SendActivityAsync(new Activity { Type = ActivityTypes.Typing }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is ErrorResponseException or HttpRequestException)
        {
            // Only a courtesy: the answer itself is still sent (and reports its own failure).
        }
    }
}
