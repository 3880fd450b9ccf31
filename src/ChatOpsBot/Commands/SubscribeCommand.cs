namespace ChatOpsBot.Commands;

/// <summary><c>subscribe [name &lt;prefix&gt;] [type &lt;TYPE&gt;] [mention @person …]</c>.</summary>
public sealed record SubscribeCommand(SubscriptionFilter Filter, IReadOnlyList<MentionTarget> Mentions) : BotCommand
{
    public bool Equals(SubscribeCommand? other) =>
        other is not null && Filter == other.Filter && Mentions.SequenceEqual(other.Mentions);

    public override int GetHashCode() => HashCode.Combine(Filter, Mentions.Count);
}
