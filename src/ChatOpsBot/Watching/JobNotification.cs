namespace ChatOpsBot.Watching;

/// <summary>News for a conversation.</summary>
/// <param name="Text">
/// One line of plain text, the whole news: what pings people and what the phone preview shows
/// (e.g. "🔴 3 new failed tasks on job nightly-driver-check: driver mismatch on 3 servers").
/// </param>
/// <param name="EndsWatch">True when this is the last message of the watch.</param>
/// <param name="Snapshot">The job as this news describes it; null when the job could not be read.</param>
public sealed record JobNotification(JobNotificationKind Kind, string Text, bool EndsWatch, JobSnapshot? Snapshot);
