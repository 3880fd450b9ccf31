namespace ChatOpsBot.Watching;

public enum AddWatchOutcome
{
    Added,

    /// <summary>The conversation already watches this job; nothing changed.</summary>
    AlreadyWatching,

    /// <summary>
    /// The conversation already watched this job and the new request named other people to mention: the watch now
    /// mentions those (and only those); nothing else changed.
    /// </summary>
    MentionsUpdated,

    /// <summary>The conversation has <see cref="WatchOptions.MaxWatchesPerConversation"/> active watches.</summary>
    LimitReached,

    /// <summary>The job had already finished, failed or been deleted: nothing to watch (from <see cref="JobWatcher"/> only).</summary>
    JobAlreadyEnded,
}
