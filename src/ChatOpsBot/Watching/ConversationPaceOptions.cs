namespace ChatOpsBot.Watching;

/// <summary>The conversation pace's setting, in the <c>Watching</c> section next to the rest of proactive posting.</summary>
public sealed class ConversationPaceOptions
{
    public const string SectionName = WatchOptions.SectionName;

    /// <summary>
    /// The time each Teams operation of a proactive post (the post, the card update that goes with it) takes from its
    /// conversation's pace, across all instances: one second keeps well inside Teams' per-conversation limits (7 in 1 s,
    /// 8 in 2 s, 60 in 30 s). Zero turns the pace off; a 429 still holds the conversation off for its Retry-After.
    /// </summary>
    public TimeSpan ConversationPostInterval { get; set; } = TimeSpan.FromSeconds(1);
}
