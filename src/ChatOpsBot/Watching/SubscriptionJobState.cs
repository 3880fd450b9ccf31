namespace ChatOpsBot.Watching;

/// <summary>
/// What one subscription knows of one job: the failed tasks the conversation was told of (sorted key hashes, as
/// <see cref="FailedTaskKeys"/> makes them; news is a key not in here), the post that opened the job's thread (later
/// news goes there), whether the conversation muted the job, whether the job was already failing when the
/// subscription was made (<see cref="Baseline"/>: its next read sets <see cref="ToldKeys"/> and tells nothing), whether
/// the subscription told the conversation anything of the job (<see cref="Heard"/>: only then are its end and deletion
/// news), and how far its end was dealt with (<see cref="EndTold"/>).
/// </summary>
public sealed record SubscriptionJobState(long SubscriptionId, string JobId, IReadOnlyList<ulong> ToldKeys, string? PostActivityId, bool Muted,
    bool Baseline = false, bool Heard = false, JobEndTold EndTold = JobEndTold.Nothing)
{
    public bool Equals(SubscriptionJobState? other) =>
        other is not null && SubscriptionId == other.SubscriptionId && JobId == other.JobId && ToldKeys.SequenceEqual(other.ToldKeys)
        && PostActivityId == other.PostActivityId && Muted == other.Muted && Baseline == other.Baseline && Heard == other.Heard
        && EndTold == other.EndTold;

    public override int GetHashCode() => HashCode.Combine(SubscriptionId, JobId, PostActivityId, Muted, Heard, EndTold);
}
