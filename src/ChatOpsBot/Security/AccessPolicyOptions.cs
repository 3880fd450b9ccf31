namespace ChatOpsBot.Security;

/// <summary>
/// Who may use the bot (section <c>Security</c>). Each empty list means "no restriction at this level";
/// outside Development the tenant list must not be empty, because anyone who finds a multi-tenant bot can add it.
/// </summary>
public sealed class AccessPolicyOptions
{
    public const string SectionName = "Security";

    /// <summary>Azure AD tenant ids whose users may use the bot.</summary>
    public IList<string> AllowedTenantIds { get; init; } = [];

    /// <summary>Azure AD object ids of the users who may use the bot.</summary>
    public IList<string> AllowedUserObjectIds { get; init; } = [];

    /// <summary>Team ids, channel ids or conversation ids where the bot may answer and post.</summary>
    public IList<string> AllowedConversationIds { get; init; } = [];

    /// <summary>Message text longer than this is refused politely without being parsed.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    /// <summary>Commands one user may send per minute.</summary>
    public int CommandsPerUserPerMinute { get; set; } = 20;

    /// <summary>Commands one conversation may receive per minute, all users together.</summary>
    public int CommandsPerConversationPerMinute { get; set; } = 60;
}
