namespace ChatOpsBot.Watching;

/// <summary>The <c>Subscriptions</c> configuration section. Durations are written <c>hh:mm:ss</c>.</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>How many active subscriptions one conversation may have.</summary>
    public int MaxPerConversation { get; set; } = 10;

    /// <summary>Within this window the first 3 failing jobs post alone; from the 4th, one digest post lists them.</summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(2);
}
