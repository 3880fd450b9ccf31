using ChatOpsBot.Commands;

namespace ChatOpsBot.Watching;

/// <summary>Who asked to watch which job, and where to answer: what the Bot edge knows when <c>watch &lt;id&gt;</c> arrives.</summary>
/// <param name="ConversationReference">The Bot Framework <c>ConversationReference</c> serialized as JSON.</param>
/// <param name="CardActivityId">The card message to keep up to date (the Watch button's <c>replyToId</c>), if any.</param>
/// <param name="Mentions">The people the watch's posts @mention; null or empty for none.</param>
public sealed record WatchRequest(
    string ConversationId,
    string JobId,
    string RequestedByUserId,
    string? RequestedByName,
    string ConversationReference,
    string ServiceUrl,
    string? TenantId,
    string? CardActivityId = null,
    IReadOnlyList<MentionTarget>? Mentions = null);
