using System.Globalization;
using System.Text;
using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// <c>watch</c> (with <c>mention @person …</c> or without), <c>unwatch</c>, <c>watching</c> and the card's Watch/Unwatch
/// button. A watch belongs to the conversation it was asked in, and keeps the reference the bot needs to post there
/// later and the people its posts @mention.
/// </summary>
public sealed class WatchCommands(
    IWatchStore store,
    JobWatcher watcher,
    JobCardProvider cards,
    CardReplacer replacer,
    IOptions<WatchOptions> options,
    TimeProvider time)
{
    /// <summary>The most watches <c>watching</c> lists; the rest are counted ("and N more").</summary>
    public const int MaxListed = 20;

    /// <summary>The answer when the watch store cannot be reached (a database outage): nothing was changed.</summary>
    public const string StoreUnavailableText =
        "I can't reach the list of watches right now, so nothing was changed. Your watches are kept; try again in a minute.";

    /// <summary>Which watch button the job's card shows in this conversation.</summary>
    public async Task<WatchButton> ButtonForAsync(ITurnContext turnContext, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        try
        {
            var watch = await store.GetAsync(ConversationId(turnContext), jobId, cancellationToken).ConfigureAwait(false);
            return watch is { IsActive: true } ? WatchButton.Unwatch : WatchButton.Watch;
        }
        catch (WatchStoreUnavailableException)
        {
            // The card still answers "is it OK"; its button offers to watch, which says the store is down if pressed.
            return WatchButton.Watch;
        }
    }

    public Task WatchAsync(ITurnContext turnContext, string jobId, CancellationToken cancellationToken) =>
        WatchAsync(turnContext, jobId, [], cancellationToken);

    /// <summary>
    /// <c>watch ID mention @person …</c>: a new watch whose posts mention these people, or, when the conversation already
    /// watches the job, its mentions replaced by these.
    /// </summary>
    public Task WatchAsync(ITurnContext turnContext, string jobId, IReadOnlyList<MentionTarget> mentions, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => WatchCoreAsync(turnContext, jobId, mentions, cancellationToken), cancellationToken);

    public Task UnwatchAsync(ITurnContext turnContext, string jobId, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => UnwatchCoreAsync(turnContext, jobId, cancellationToken), cancellationToken);

    public Task ListAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => ListCoreAsync(turnContext, cancellationToken), cancellationToken);

    private async Task WatchCoreAsync(ITurnContext turnContext, string jobId, IReadOnlyList<MentionTarget> mentions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(mentions);
        var (card, job) = await cards.GetAsync(jobId, WatchButton.Watch, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            // The error card says why (not found, no permission, ModelArts down): nothing is watched.
            await turnContext.SendActivityAsync(CardActivities.ToMessage(card), cancellationToken).ConfigureAwait(false);
            return;
        }
        var activity = turnContext.Activity;
        var fromButton = !string.IsNullOrEmpty(activity.ReplyToId) && activity.Value is not null;
        var request = new WatchRequest(
            ConversationId(turnContext),
            jobId,
            activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown",
            activity.From?.Name,
            JsonConvert.SerializeObject(ConversationScope.ReferenceOf(activity)),
            activity.ServiceUrl,
            activity.Conversation?.TenantId ?? TurnGuard.ToAccessRequest(activity).TenantId,
            fromButton ? activity.ReplyToId : null,
            mentions);
        var result = await watcher.WatchAsync(request, job, cancellationToken).ConfigureAwait(false);
        var label = JobChangeDetector.LabelOf(job);
        switch (result.Outcome)
        {
            case AddWatchOutcome.Added when fromButton:
                await replacer.ReplaceAsync(turnContext, CardActivities.ToMessage(cards.Build(job, jobId, WatchButton.Unwatch)), cancellationToken)
                    .ConfigureAwait(false);
                await SendTextAsync(turnContext, Watching(label, mentions), cancellationToken).ConfigureAwait(false);
                break;
            case AddWatchOutcome.Added:
                await SendTextAsync(turnContext, Watching(label, mentions), cancellationToken).ConfigureAwait(false);
                var sent = await turnContext.SendActivityAsync(CardActivities.ToMessage(cards.Build(job, jobId, WatchButton.Unwatch)), cancellationToken)
                    .ConfigureAwait(false);
                if (!string.IsNullOrEmpty(sent?.Id))
                {
                    await store.SetCardActivityIdAsync(request.ConversationId, jobId, sent.Id, cancellationToken).ConfigureAwait(false);
                }
                break;
            case AddWatchOutcome.AlreadyWatching:
                var mentioning = result.Watch is { Mentions.Count: > 0 } watched ? $" (its news mentions {PeopleNames.Join(watched.Mentions)})" : "";
                await SendTextAsync(turnContext, $"This conversation already watches {label}{mentioning}. Type `unwatch {jobId}` to stop.",
                    cancellationToken).ConfigureAwait(false);
                break;
            case AddWatchOutcome.MentionsUpdated:
                await SendTextAsync(turnContext,
                    $"This conversation already watches {label}; from now on its news mentions {PeopleNames.Join(mentions)}. " +
                    $"Type `unwatch {jobId}` to stop.", cancellationToken).ConfigureAwait(false);
                break;
            case AddWatchOutcome.LimitReached:
                await SendTextAsync(turnContext, string.Create(CultureInfo.InvariantCulture,
                    $"This conversation already watches {result.Limit} jobs, the most it may. Type `watching` to see them and unwatch ID to make room."),
                    cancellationToken).ConfigureAwait(false);
                break;
            case AddWatchOutcome.JobAlreadyEnded:
                // The detector's text already ends with "Nothing to watch."
                await SendTextAsync(turnContext, result.JobEndedText ?? $"{label} has already ended. There is nothing to watch.", cancellationToken)
                    .ConfigureAwait(false);
                break;
        }
    }

    private async Task UnwatchCoreAsync(ITurnContext turnContext, string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var removed = await store.RemoveAsync(ConversationId(turnContext), jobId, cancellationToken).ConfigureAwait(false);
        var activity = turnContext.Activity;
        if (removed && !string.IsNullOrEmpty(activity.ReplyToId) && activity.Value is not null)
        {
            var (card, _) = await cards.GetAsync(jobId, WatchButton.Watch, cancellationToken).ConfigureAwait(false);
            await replacer.ReplaceAsync(turnContext, CardActivities.ToMessage(card), cancellationToken).ConfigureAwait(false);
        }
        await SendTextAsync(turnContext, removed
            ? $"Stopped watching job {TeamsText.Escape(jobId)} here."
            : $"This conversation wasn't watching job {TeamsText.Escape(jobId)}. Type `watching` to see what it watches.", cancellationToken).ConfigureAwait(false);
    }

    private async Task ListCoreAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var watches = await store.ListByConversationAsync(ConversationId(turnContext), cancellationToken).ConfigureAwait(false);
        if (watches.Count == 0)
        {
            await SendTextAsync(turnContext, "This conversation watches no jobs. Type watch ID to be told here when a job's tasks fail or it ends.",
                cancellationToken).ConfigureAwait(false);
            return;
        }
        var now = time.GetUtcNow();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This conversation watches {watches.Count} of at most {options.Value.MaxWatchesPerConversation} jobs:");
        foreach (var watch in watches.Take(MaxListed))
        {
            text.Append("\n\n- ").Append(TeamsText.Escape(watch.JobId)).Append(" — ").Append(TeamsText.Escape(Describe(watch)))
                .Append(watch.Mentions.Count > 0 ? " — mentions " + PeopleNames.Join(watch.Mentions) : "")
                .Append(CultureInfo.InvariantCulture, $" (since {RelativeTime.Describe(watch.CreatedAt, now)}")
                .Append(watch.RequestedByName is { Length: > 0 } name ? ", by " + TeamsText.Escape(name) : "").Append(')');
        }
        if (watches.Count > MaxListed)
        {
            // Teams refuses very long messages; the count still says how many there are.
            text.Append(CultureInfo.InvariantCulture, $"\n\n…and {watches.Count - MaxListed} more.");
        }
        await SendTextAsync(turnContext, text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task UnlessStoreUnavailableAsync(ITurnContext turnContext, Func<Task> command, CancellationToken cancellationToken)
    {
        try
        {
            await command().ConfigureAwait(false);
        }
        catch (WatchStoreUnavailableException)
        {
            await SendTextAsync(turnContext, StoreUnavailableText, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Watches are kept per conversation: a channel thread, a group chat or a personal chat.</summary>
    public static string ConversationId(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Conversation?.Id ?? "unknown";
    }

    private static string Describe(Watch watch)
    {
        if (!watch.IsActive)
        {
            return "stopped: " + (watch.DisabledReason ?? "unknown reason");
        }
        return watch.LastSeen is { } seen
            ? string.Create(CultureInfo.InvariantCulture, $"{seen.Status ?? "status unknown"}, {seen.FailedTasks} failed")
            : "waiting for its first check";
    }

    private static string Watching(string label, IReadOnlyList<MentionTarget> mentions) =>
        $"Watching {label}: I'll post here when its tasks start failing and when it ends." +
        (mentions.Count > 0 ? $" Every post mentions {PeopleNames.Join(mentions)}." : "");

    private static Task<ResourceResponse> SendTextAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text(text), cancellationToken);
}
