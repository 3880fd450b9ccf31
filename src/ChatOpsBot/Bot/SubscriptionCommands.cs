using System.Globalization;
using System.Text;
using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// <c>subscribe</c>, <c>unsubscribe [n]</c>, <c>subscriptions</c>, <c>mute ID</c> and <c>unmute ID</c>. A subscription
/// belongs to the conversation, and in a channel to the channel itself rather than the thread it was typed in, so its
/// news opens new posts in the channel.
/// </summary>
public sealed class SubscriptionCommands(
    ISubscriptionStore store,
    IFeedStore feed,
    IOptions<SubscriptionOptions> options,
    IOptions<ModelArtsOptions> modelArts,
    TimeProvider time)
{
    /// <summary>The answer when the store cannot be reached (a database outage): nothing was changed.</summary>
    public const string StoreUnavailableText =
        "I can't reach the list of subscriptions right now, so nothing was changed. Your subscriptions are kept; try again in a minute.";

    public Task SubscribeAsync(ITurnContext turnContext, SubscribeCommand command, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => SubscribeCoreAsync(turnContext, command, cancellationToken), cancellationToken);

    public Task UnsubscribeAsync(ITurnContext turnContext, int? number, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => UnsubscribeCoreAsync(turnContext, number, cancellationToken), cancellationToken);

    public Task ListAsync(ITurnContext turnContext, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => ListCoreAsync(turnContext, cancellationToken), cancellationToken);

    public Task SetMutedAsync(ITurnContext turnContext, string jobId, bool muted, CancellationToken cancellationToken) =>
        UnlessStoreUnavailableAsync(turnContext, () => SetMutedCoreAsync(turnContext, jobId, muted, cancellationToken), cancellationToken);

    /// <summary>Where subscriptions of this turn's conversation are kept: in a channel, the channel, not the thread.</summary>
    public static string ConversationId(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return SubscriptionConversation.Of(turnContext.Activity.Conversation?.Id ?? "unknown");
    }

    private async Task SubscribeCoreAsync(ITurnContext turnContext, SubscribeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var activity = turnContext.Activity;
        var conversationId = ConversationId(turnContext);
        var reference = ConversationScope.ReferenceOf(activity);
        if (reference.Conversation is not null)
        {
            // The channel itself: a later post made through this reference starts a new thread instead of replying in this one.
            reference.Conversation.Id = conversationId;
        }
        var subscription = new Subscription
        {
            ConversationId = conversationId,
            Filter = command.Filter,
            Mentions = command.Mentions,
            RequestedByUserId = activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown",
            RequestedByName = activity.From?.Name,
            ConversationReference = JsonConvert.SerializeObject(reference),
            ServiceUrl = activity.ServiceUrl,
            TenantId = activity.Conversation?.TenantId ?? TurnGuard.ToAccessRequest(activity).TenantId,
            CreatedAt = time.GetUtcNow(),
        };
        var result = await store.AddSubscriptionAsync(subscription, options.Value.MaxPerConversation, cancellationToken).ConfigureAwait(false);
        var here = Here(activity);
        var text = result.Outcome switch
        {
            AddSubscriptionOutcome.Added =>
                $"Subscribed: {here} will hear about {DescribeFilter(command.Filter)} when it gets failed tasks, with that job's later news " +
                $"{(IsChannel(activity) ? "in its thread" : "after it")}." +
                (command.Mentions.Count > 0 ? $" Every post mentions {Names(command.Mentions)}." : "") + " " +
                "Type `subscriptions` to see them, `unsubscribe` to stop.",
            AddSubscriptionOutcome.AlreadySubscribed =>
                $"{Capitalized(here)} is already subscribed to {DescribeFilter(command.Filter)}. Type `subscriptions` to see its subscriptions.",
            _ => string.Create(CultureInfo.InvariantCulture,
                $"{Capitalized(here)} already has {result.Limit} subscriptions, the most it may. Type `subscriptions` to see them and `unsubscribe N` to make room."),
        };
        await SendTextAsync(turnContext, text, cancellationToken).ConfigureAwait(false);
    }

    private async Task UnsubscribeCoreAsync(ITurnContext turnContext, int? number, CancellationToken cancellationToken)
    {
        var conversationId = ConversationId(turnContext);
        var here = Here(turnContext.Activity);
        var subscriptions = await store.ListSubscriptionsAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (subscriptions.Count == 0)
        {
            await SendTextAsync(turnContext, $"{Capitalized(here)} has no subscriptions. Type `subscribe` to hear about every failing job of the project.",
                cancellationToken).ConfigureAwait(false);
            return;
        }
        if (number is null && subscriptions.Count > 1)
        {
            await SendTextAsync(turnContext, List(subscriptions, here) + "\n\nType `unsubscribe N` with the number of the one to end.", cancellationToken)
                .ConfigureAwait(false);
            return;
        }
        var index = (number ?? 1) - 1;
        if (index >= subscriptions.Count)
        {
            await SendTextAsync(turnContext, string.Create(CultureInfo.InvariantCulture,
                $"{Capitalized(here)} has no subscription number {number}. Type `subscriptions` to see the numbers."), cancellationToken).ConfigureAwait(false);
            return;
        }
        var subscription = subscriptions[index];
        var removed = await store.RemoveSubscriptionAsync(conversationId, subscription.Id, cancellationToken).ConfigureAwait(false);
        await SendTextAsync(turnContext, removed
            ? $"Unsubscribed: {here} will hear no more about {DescribeFilter(subscription.Filter)}."
            : "That subscription had just been ended. Type `subscriptions` to see what is left.", cancellationToken).ConfigureAwait(false);
    }

    private async Task ListCoreAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var conversationId = ConversationId(turnContext);
        var here = Here(turnContext.Activity);
        var subscriptions = await store.ListSubscriptionsAsync(conversationId, cancellationToken).ConfigureAwait(false);
        var muted = await store.ListMutedJobsAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (subscriptions.Count == 0)
        {
            await SendTextAsync(turnContext,
                $"{Capitalized(here)} has no subscriptions. Type `subscribe` to hear about every job of the project that gets failed tasks, " +
                "or for example `subscribe name train-` for some of them.", cancellationToken).ConfigureAwait(false);
            return;
        }
        var text = new StringBuilder(List(subscriptions, here));
        if (muted.Count > 0)
        {
            text.Append("\n\nMuted here: ").AppendJoin(", ", muted.Select(TeamsText.Escape)).Append(". Type `unmute ID` to hear about one again.");
        }
        if (await feed.FeedHasMorePagesAsync(modelArts.Value.ProjectId ?? "", cancellationToken).ConfigureAwait(false))
        {
            text.Append("\n\nThe project's job list has more jobs than ModelArts sends in one answer: jobs beyond its first page are not seen.");
        }
        await SendTextAsync(turnContext, text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task SetMutedCoreAsync(ITurnContext turnContext, string jobId, bool muted, CancellationToken cancellationToken)
    {
        var here = Here(turnContext.Activity);
        var changed = await store.SetMutedAsync(ConversationId(turnContext), jobId, muted, cancellationToken).ConfigureAwait(false);
        var job = TeamsText.Escape(jobId);
        var text = (muted, changed) switch
        {
            (true, 0) => $"{Capitalized(here)} has no subscriptions, so there is nothing to mute. To stop a watch, type `unwatch {job}`.",
            (true, _) => $"Muted job {job}: {here}'s subscriptions will say nothing more about it. Type `unmute {job}` to hear about it again.",
            (false, 0) => $"Job {job} was not muted here. Type `subscriptions` to see what is.",
            _ => $"Unmuted job {job}: {here}'s subscriptions will tell about it again.",
        };
        await SendTextAsync(turnContext, text, cancellationToken).ConfigureAwait(false);
    }

    private string List(IReadOnlyList<Subscription> subscriptions, string here)
    {
        var now = time.GetUtcNow();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{Capitalized(here)} has {subscriptions.Count} {(subscriptions.Count == 1 ? "subscription" : "subscriptions")} of at most {options.Value.MaxPerConversation}:");
        for (var i = 0; i < subscriptions.Count; i++)
        {
            var subscription = subscriptions[i];
            text.Append(CultureInfo.InvariantCulture, $"\n\n{i + 1}. ").Append(Capitalized(DescribeFilter(subscription.Filter)))
                .Append(subscription.Mentions.Count > 0 ? " — mentions " + Names(subscription.Mentions) : "")
                .Append(CultureInfo.InvariantCulture, $" (since {RelativeTime.Describe(subscription.CreatedAt, now)}")
                .Append(subscription.RequestedByName is { Length: > 0 } name ? ", by " + TeamsText.Escape(name) : "").Append(')');
            if (!subscription.IsActive)
            {
                text.Append(" — stopped: ").Append(TeamsText.Escape(subscription.DisabledReason ?? "unknown reason"));
            }
        }
        return text.ToString();
    }

    private static string DescribeFilter(SubscriptionFilter filter)
    {
        var text = new StringBuilder("every job");
        if (filter.NamePrefix is { } prefix)
        {
            text.Append(" whose name starts with ").Append(TeamsText.Escape(prefix));
        }
        if (filter.JobType is { } type)
        {
            text.Append(filter.NamePrefix is null ? " of type " : " and of type ").Append(TeamsText.Escape(type));
        }
        return text.ToString();
    }

    private static string Names(IReadOnlyList<MentionTarget> people) => people.Count == 1
        ? TeamsText.Escape(people[0].Name)
        : string.Join(", ", people.SkipLast(1).Select(m => TeamsText.Escape(m.Name))) + " and " + TeamsText.Escape(people[^1].Name);

    private static bool IsChannel(Activity activity) =>
        string.Equals(activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase);

    private static string Here(Activity activity) => IsChannel(activity) ? "this channel" : "this chat";

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

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

    private static Task<ResourceResponse> SendTextAsync(ITurnContext turnContext, string text, CancellationToken cancellationToken) =>
        turnContext.SendActivityAsync(MessageFactory.Text(text), cancellationToken);
}
