using ChatOpsBot.Commands;

namespace ChatOpsBot.Watching;

/// <summary>
/// One conversation hearing about every job of the project that matches <see cref="Filter"/> when it gets failed
/// tasks. In a channel it belongs to the channel (<see cref="SubscriptionConversation.Of"/>), not to the thread where it
/// was typed; the reference is kept as the Bot edge serialized it, to post there later.
/// </summary>
public sealed record Subscription
{
    /// <summary>Assigned by the store; 0 before it is added.</summary>
    public long Id { get; init; }

    /// <summary>The channel (never a thread of it), the group chat or the personal chat.</summary>
    public required string ConversationId { get; init; }

    public required SubscriptionFilter Filter { get; init; }

    /// <summary>The people every post @mentions, as the subscribing message's mention entities named them.</summary>
    public IReadOnlyList<MentionTarget> Mentions { get; init; } = [];

    public required string RequestedByUserId { get; init; }
    public string? RequestedByName { get; init; }

    /// <summary>The Bot Framework <c>ConversationReference</c> as JSON; opaque here, read only by the Bot edge.</summary>
    public required string ConversationReference { get; init; }

    public required string ServiceUrl { get; init; }
    public string? TenantId { get; init; }

    /// <summary>Stored with millisecond precision. A job already failing at this moment is not news; its new failures are.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why it stopped (the conversation is gone); null while it is active.</summary>
    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public bool IsActive => DisabledAt is null;

    public bool Equals(Subscription? other) =>
        other is not null && Id == other.Id && ConversationId == other.ConversationId && Filter == other.Filter
        && Mentions.SequenceEqual(other.Mentions) && RequestedByUserId == other.RequestedByUserId
        && RequestedByName == other.RequestedByName && ConversationReference == other.ConversationReference
        && ServiceUrl == other.ServiceUrl && TenantId == other.TenantId && CreatedAt == other.CreatedAt
        && DisabledReason == other.DisabledReason && DisabledAt == other.DisabledAt;

    public override int GetHashCode() => HashCode.Combine(Id, ConversationId, Filter, CreatedAt);
}
