using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// The Teams edge: turns activities into commands, and hands them to plain C# that tests can call without an adapter.
/// </summary>
public sealed class ChatOpsActivityHandler(
    TurnGuard guard,
    ConversationCommands commands,
    JobCardProvider cards,
    WelcomeCardBuilder welcome,
    IWatchStore watches) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (guard.Check(turnContext) is { } refusal)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refusal), cancellationToken).ConfigureAwait(false);
            return;
        }
        // A button (Action.Submit) arrives as a message with the button's data as value and no text.
        var command = turnContext.Activity.Value is { } value
            ? CommandParser.ParseAction(CardActionValue.FromSubmit(value))
            // In channels the text starts with the bot's <at>mention</at>; the parser also strips other mentions and HTML.
            : CommandParser.Parse(turnContext.Activity.RemoveRecipientMention());
        await commands.RunAsync(turnContext, command, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(
        ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        if (guard.Check(turnContext) is { } refusal)
        {
            return MessageResponse(refusal);
        }
        // Action.Execute: the refreshed card goes back in the invoke response, and Teams swaps it in.
        var command = CommandParser.ParseAction(CardActionValue.FromExecute(invokeValue));
        var jobId = command switch
        {
            RefreshJobCommand refresh => refresh.JobId,
            ShowJobCommand show => show.JobId,
            _ => null,
        };
        if (jobId is null)
        {
            return MessageResponse("I don't know that button. Type help to see what I can do.");
        }
        var (card, _) = await cards.GetAsync(jobId, WatchButton.Hidden, cancellationToken).ConfigureAwait(false);
        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = CardActivities.AdaptiveCardContentType,
            Value = CardActivities.ToJObject(card.Card),
        };
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(CardActivities.ToMessage(welcome.Build()), cancellationToken);

    /// <summary>Uninstalled from a conversation: its watches go, so nothing is posted where the bot is no longer wanted.</summary>
    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        watches.RemoveConversationAsync(WatchCommands.ConversationId(turnContext), cancellationToken);

    private static AdaptiveCardInvokeResponse MessageResponse(string text) =>
        new() { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = text };
}
