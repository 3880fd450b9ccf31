using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// The Teams edge: turns activities into commands, and hands them to plain C# that tests can call without an adapter.
/// </summary>
public sealed partial class ChatOpsActivityHandler(
    TurnGuard guard,
    ConversationCommands commands,
    JobCardProvider cards,
    WelcomeCardBuilder welcome,
    IWatchStore watches,
    ISubscriptionStore subscriptions,
    ConversationReferenceRefresher references,
    ILogger<ChatOpsActivityHandler> logger) : TeamsActivityHandler
{
    /// <summary>
    /// The SDK reads channelData, invoke values and entities into its own types as it dispatches, and throws when a
    /// part has another shape than Teams sends. Such an activity is not a failure of the bot: it is logged and, for an
    /// invoke, answered 400.
    /// </summary>
    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        // Teams' own invokes (task/fetch, composeExtension/…) always carry a value, and the SDK's dispatch dereferences it.
        if (activity.Type == ActivityTypes.Invoke && activity.Value is null && activity.Name != "healthCheck")
        {
            LogMalformed(logger, activity.Type, activity.Name, activity.Conversation?.Id, "MissingValue", "an invoke without a value");
            await AnswerBadInvokeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            return;
        }
        // Before the turn: the conversation may talk through a new serviceUrl, which stored references must follow.
        await references.RefreshAsync(activity, cancellationToken).ConfigureAwait(false);
        try
        {
            await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is JsonException or InvalidCastException)
        {
            LogMalformed(logger, activity.Type, activity.Name, activity.Conversation?.Id, error.GetType().Name, error.Message);
            if (activity.Type == ActivityTypes.Invoke && !turnContext.Responded)
            {
                await AnswerBadInvokeAsync(turnContext, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (guard.Check(turnContext) is { } refusal)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(refusal), cancellationToken).ConfigureAwait(false);
            return;
        }
        // A button (Action.Submit) arrives as a message with the button's data as value and no text.
        var text = TextWithoutOwnMention(turnContext.Activity);
        var command = turnContext.Activity.Value is { } value
            ? CommandParser.ParseAction(CardActionValue.FromSubmit(value))
            : SubscriptionCommandParser.Parse(text, ActivityMentions.Of(turnContext.Activity)) ?? CommandParser.Parse(text);
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

    /// <summary>
    /// Members joining or leaving need nothing from the bot (it greets on installationUpdate). Left to the SDK, every
    /// added member would be looked up at the connector: one outgoing call per member listed in the event, and a failed
    /// turn whenever a lookup fails.
    /// </summary>
    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>
    /// The SDK routes both <c>add</c> and <c>add-upgrade</c> here; an upgrade of the app reaches every team and chat it
    /// is in, where a second welcome would be noise. Only a first installation greets.
    /// </summary>
    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return string.Equals(turnContext.Activity.Action, "add", StringComparison.OrdinalIgnoreCase)
            ? turnContext.SendActivityAsync(CardActivities.ToMessage(welcome.Build()), cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>
    /// Uninstalled from a conversation: its watches and subscriptions go, so nothing is posted where the bot is no longer
    /// wanted.
    /// </summary>
    protected override async Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        await watches.RemoveConversationAsync(WatchCommands.ConversationId(turnContext), cancellationToken).ConfigureAwait(false);
        await subscriptions.RemoveConversationSubscriptionsAsync(WatchCommands.ConversationId(turnContext), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// In channels the text starts with the bot's <c>&lt;at&gt;mention&lt;/at&gt;</c>. The SDK's RemoveRecipientMention
    /// assumes well-formed mention entities (and a recipient, and text); when they are not, the text is read as it is,
    /// which loses nothing: the parser strips every <c>&lt;at&gt;</c> mention and HTML itself.
    /// </summary>
    private static string? TextWithoutOwnMention(IMessageActivity activity)
    {
        try
        {
            return activity.RemoveRecipientMention();
        }
        catch (Exception error) when (error is NullReferenceException or ArgumentNullException or JsonException)
        {
            return activity.Text;
        }
    }

    private static Task<ResourceResponse> AnswerBadInvokeAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(
            new Activity { Type = ActivityTypesEx.InvokeResponse, Value = new InvokeResponse { Status = StatusCodes.Status400BadRequest } },
            cancellationToken);

    private static AdaptiveCardInvokeResponse MessageResponse(string text) =>
        new() { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = text };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Ignored a malformed {ActivityType} activity ({Name}) in conversation {ConversationId}: {ErrorType}: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string activityType, string? name, string? conversationId, string errorType, string reason);
}
