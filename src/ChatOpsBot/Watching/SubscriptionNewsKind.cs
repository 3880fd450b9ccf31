namespace ChatOpsBot.Watching;

/// <summary>What a subscription's news says of a job, as the outbox keeps it (its <c>kind</c> column).</summary>
public enum SubscriptionNewsKind
{
    /// <summary>Failed tasks the conversation was not told of: the job's first post, or a reply in its thread.</summary>
    Failures,

    /// <summary>The job reached a final status: a reply in its thread, and the post's card updated to show it.</summary>
    Ended,

    /// <summary>The job was deleted (or no longer listed): a text reply in its thread. The job cannot be read, so no card.</summary>
    Deleted,
}
