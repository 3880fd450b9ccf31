namespace ChatOpsBot.Watching;

/// <summary>The <c>Subscriptions</c> configuration section.</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>How many active subscriptions one conversation may have.</summary>
    public int MaxPerConversation { get; set; } = 10;
}
