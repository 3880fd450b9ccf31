namespace ChatOpsBot.Watching;

public enum NotifyOutcomeKind
{
    Sent,

    /// <summary>Updating the card message answered 403/404: the message is gone, the conversation is not. Forget the card.</summary>
    CardGone,

    /// <summary>403/404: the bot was removed from the conversation or blocked. The watch is disabled, never retried.</summary>
    ConversationGone,

    /// <summary>429 (or 412/502/504 after the edge's own retries): try again later.</summary>
    Throttled,

    /// <summary>Anything else, taken as transient: try again at the next poll.</summary>
    Failed,
}
