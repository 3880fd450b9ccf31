namespace ChatOpsBot.Watching;

/// <summary>The <c>Subscriptions</c> configuration section.</summary>
public sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>How many active subscriptions one conversation may have.</summary>
    public int MaxPerConversation { get; set; } = 10;

    /// <summary>
    /// A burst: the first <see cref="Cards.FailureDigestCardBuilder.PostedAlone"/> jobs whose first news is due in one
    /// conversation within this window (from the first) post on their own; from the next, one digest post lists them.
    /// </summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest <see cref="DigestWindow"/>: longer, and a quiet day's failures would read as one burst.</summary>
    public static readonly TimeSpan MaxDigestWindow = TimeSpan.FromHours(1);
}
