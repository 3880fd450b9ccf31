using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

/// <summary>
/// Checked before any ModelArts call and before any proactive send: job details, server names and error messages
/// are internal data. Reads the options at every check, so a changed allow-list applies without a restart.
/// </summary>
public sealed class AccessPolicy(IOptionsMonitor<AccessPolicyOptions> options)
{
    /// <summary>The one sentence a refused user sees: no job data, no hint of what the lists hold.</summary>
    public const string RefusalText =
        "Sorry, this bot isn't enabled for you here. Ask your Teams admin or the bot's owner to allow your team.";

    public AccessDecision Check(AccessRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = options.CurrentValue;
        if (!Allows(current.AllowedTenantIds, request.TenantId))
        {
            return AccessDecision.Refused("tenant not allowed");
        }
        if (!Allows(current.AllowedUserObjectIds, request.UserObjectId))
        {
            return AccessDecision.Refused("user not allowed");
        }
        if (current.AllowedConversationIds.Count > 0
            && !new[] { request.ConversationId, BaseConversationId(request.ConversationId), request.TeamId, request.ChannelId }
                .Any(id => Allows(current.AllowedConversationIds, id)))
        {
            return AccessDecision.Refused("conversation not allowed");
        }
        return AccessDecision.Allowed;
    }

    private static bool Allows(IList<string> allowed, string? value) =>
        allowed.Count == 0
        || (!string.IsNullOrEmpty(value) && allowed.Any(a => string.Equals(a.Trim(), value, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A channel thread's id is <c>19:…@thread.tacv2;messageid=…</c>: the part before ';' is the channel.</summary>
    private static string? BaseConversationId(string? conversationId)
    {
        var separator = conversationId?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        return separator > 0 ? conversationId![..separator] : conversationId;
    }
}
