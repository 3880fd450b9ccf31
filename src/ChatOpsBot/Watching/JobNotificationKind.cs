namespace ChatOpsBot.Watching;

public enum JobNotificationKind
{
    /// <summary>More tasks failed since the conversation was last told; the job goes on.</summary>
    NewFailures,

    /// <summary>The job's status reached FAILED. Ends the watch.</summary>
    JobFailed,

    /// <summary>The job finished (FINISHED), with or without failed tasks. Ends the watch.</summary>
    JobFinished,

    /// <summary>The job's status reached DELETED. Ends the watch.</summary>
    JobDeleted,

    /// <summary>The API answers 404 or 403 for the job. Ends the watch (it is disabled with the reason).</summary>
    JobNotVisible,

    /// <summary>The watch reached <see cref="WatchOptions.MaxWatchAge"/>. Ends the watch.</summary>
    WatchExpired,
}
