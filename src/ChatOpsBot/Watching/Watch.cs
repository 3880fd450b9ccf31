using ChatOpsBot.Commands;

namespace ChatOpsBot.Watching;

/// <summary>
/// One conversation watching one job: where to post (the conversation reference, kept as the Bot edge serialized
/// it), who asked, and what the conversation has already been told.
/// </summary>
public sealed record Watch
{
    /// <summary>Assigned by the store; 0 before it is added. A watch removed and added again gets a new id.</summary>
    public long Id { get; init; }

    /// <summary>The Teams conversation id: a channel thread, a group chat or a personal chat.</summary>
    public required string ConversationId { get; init; }

    public required string JobId { get; init; }
    public required string RequestedByUserId { get; init; }
    public string? RequestedByName { get; init; }

    /// <summary>
    /// The people every post of this watch @mentions (<c>watch &lt;id&gt; mention @person</c>), as the asking message's
    /// mention entities named them; empty for none.
    /// </summary>
    public IReadOnlyList<MentionTarget> Mentions { get; init; } = [];

    /// <summary>The Bot Framework <c>ConversationReference</c> as JSON; opaque here, read only by the Bot edge.</summary>
    public required string ConversationReference { get; init; }

    public required string ServiceUrl { get; init; }
    public string? TenantId { get; init; }

    /// <summary>Stored with millisecond precision.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The message holding the job's card, kept up to date in place; null when there is none.</summary>
    public string? CardActivityId { get; init; }

    /// <summary>What the poller saw last; a change without news refreshes the card.</summary>
    public JobSnapshot? LastSeen { get; init; }

    /// <summary>What the conversation was last told; news is measured against this, so nothing is said twice.</summary>
    public JobSnapshot? LastNotified { get; init; }

    public required DateTimeOffset NextPollAt { get; init; }

    /// <summary>Why the poller stopped (conversation gone, job no longer visible); null while the watch is active.</summary>
    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public bool IsActive => DisabledAt is null;

    // By value, the list of people included: a watch read back from the store equals the one added.
    public bool Equals(Watch? other) =>
        other is not null && Id == other.Id && ConversationId == other.ConversationId && JobId == other.JobId
        && RequestedByUserId == other.RequestedByUserId && RequestedByName == other.RequestedByName
        && Mentions.SequenceEqual(other.Mentions) && ConversationReference == other.ConversationReference
        && ServiceUrl == other.ServiceUrl && TenantId == other.TenantId && CreatedAt == other.CreatedAt
        && CardActivityId == other.CardActivityId && Equals(LastSeen, other.LastSeen) && Equals(LastNotified, other.LastNotified)
        && NextPollAt == other.NextPollAt && DisabledReason == other.DisabledReason && DisabledAt == other.DisabledAt;

    public override int GetHashCode() => HashCode.Combine(Id, ConversationId, JobId, CreatedAt);
}
