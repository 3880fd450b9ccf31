namespace ChatOpsBot.Watching;

public enum AddSubscriptionOutcome
{
    Added,

    /// <summary>The conversation already has an active subscription with the same filter; nothing changed.</summary>
    AlreadySubscribed,

    /// <summary>The conversation has as many active subscriptions as <c>Subscriptions:MaxPerConversation</c> allows.</summary>
    LimitReached,
}
