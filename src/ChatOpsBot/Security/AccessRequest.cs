namespace ChatOpsBot.Security;

/// <summary>Who is asking, and where, as the channel told us. Any part may be missing.</summary>
public sealed record AccessRequest(
    string? TenantId,
    string? UserObjectId,
    string? ConversationId,
    string? TeamId = null,
    string? ChannelId = null);
