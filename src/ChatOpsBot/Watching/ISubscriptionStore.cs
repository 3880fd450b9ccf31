namespace ChatOpsBot.Watching;

/// <summary>
/// Where subscriptions live: the same storage as watches (<see cref="IWatchStore"/>), both providers, so news of
/// subscriptions and of watches leaves through one outbox. Conversation ids are taken as given; in a channel, callers
/// pass the channel (<see cref="SubscriptionConversation.Of"/>), and the store strips a thread part itself too.
/// </summary>
public interface ISubscriptionStore
{
    /// <summary>
    /// Adds the subscription unless the conversation already has an active one with the same filter, or has
    /// <paramref name="maxPerConversation"/> active ones.
    /// </summary>
    Task<AddSubscriptionResult> AddSubscriptionAsync(Subscription subscription, int maxPerConversation, CancellationToken cancellationToken);

    /// <summary>The conversation's subscriptions, oldest first (the numbers <c>subscriptions</c> shows), stopped ones included.</summary>
    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary><c>unsubscribe</c>: removes the subscription and what it knew of jobs; false when it is not the conversation's.</summary>
    Task<bool> RemoveSubscriptionAsync(string conversationId, long subscriptionId, CancellationToken cancellationToken);

    /// <summary>The bot was uninstalled from the conversation: forget its subscriptions. Returns how many there were.</summary>
    Task<int> RemoveConversationSubscriptionsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>mute</c> (<paramref name="muted"/> true) or <c>unmute</c> a job for every active subscription of the
    /// conversation. Returns how many subscriptions changed: 0 when there are none, or (unmute) none had it muted.
    /// </summary>
    Task<int> SetMutedAsync(string conversationId, string jobId, bool muted, CancellationToken cancellationToken);

    /// <summary>The jobs the conversation muted, sorted.</summary>
    Task<IReadOnlyList<string>> ListMutedJobsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Every active subscription of every conversation, for the feed to match jobs against.</summary>
    Task<IReadOnlyList<Subscription>> ListActiveSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>What each subscription knows of the job (only those that know something).</summary>
    Task<IReadOnlyList<SubscriptionJobState>> ListJobStatesAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>What the subscription knows of the job; null when nothing yet.</summary>
    Task<SubscriptionJobState?> GetJobStateAsync(long subscriptionId, string jobId, CancellationToken cancellationToken);
}
