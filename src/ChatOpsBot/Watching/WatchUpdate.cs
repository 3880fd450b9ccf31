namespace ChatOpsBot.Watching;

/// <summary>What a round decided for one claimed watch.</summary>
/// <param name="Told">The job as read, now what the conversation was told; null to keep the stored one (the job was not read).</param>
/// <param name="News">Recorded as a pending delivery in the same transaction; null for none.</param>
/// <param name="DisableReason">For <see cref="WatchChange.Disable"/>.</param>
public sealed record WatchUpdate(Watch Watch, WatchChange Change, JobSnapshot? Told, DateTimeOffset NextPollAt,
    JobNotification? News = null, string? DisableReason = null);
