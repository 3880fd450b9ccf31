namespace ChatOpsBot.Commands;

/// <summary>
/// <c>watch &lt;id&gt; mention @person …</c>: a watch whose posts @mention these people (the message's mention
/// entities, never its text); of a job already watched here, its mentions become these.
/// </summary>
public sealed record WatchWithMentionsCommand(string JobId, IReadOnlyList<MentionTarget> Mentions) : BotCommand
{
    public bool Equals(WatchWithMentionsCommand? other) =>
        other is not null && JobId == other.JobId && Mentions.SequenceEqual(other.Mentions);

    public override int GetHashCode() => HashCode.Combine(JobId, Mentions.Count);
}
