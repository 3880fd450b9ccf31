namespace ChatOpsBot.Watching;

/// <summary>
/// How far a subscription has dealt with a job's end (<c>subscription_jobs.told_end</c>): told by it, told by a watch in
/// the same conversation, or muted, it is never told twice. The order matters: a deletion follows an end.
/// </summary>
public enum JobEndTold
{
    Nothing = 0,
    End = 1,
    Deletion = 2,
}
