using ChatOpsBot.Security;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Bot;

/// <summary>
/// The team and channel a conversation belongs to, kept with the conversation reference a watch stores, so that a
/// proactive post is checked against the same allow-list as the turn that asked for it (a channel thread's id alone
/// does not name its team). They travel in the reference's conversation and are taken out again before sending.
/// </summary>
public static class ConversationScope
{
    private const string TeamIdKey = "chatOpsTeamId";
    private const string ChannelIdKey = "chatOpsChannelId";

    /// <summary>The activity's conversation reference, its conversation copied and marked with team and channel.</summary>
    public static ConversationReference ReferenceOf(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var reference = activity.GetConversationReference();
        if (reference.Conversation is null)
        {
            return reference;
        }
        // A copy: the activity's own conversation is what this turn's replies are sent with.
        var conversation = JObject.FromObject(reference.Conversation).ToObject<ConversationAccount>()!;
        var request = TurnGuard.ToAccessRequest(activity);
        if (!string.IsNullOrEmpty(request.TeamId))
        {
            conversation.Properties[TeamIdKey] = request.TeamId;
        }
        if (!string.IsNullOrEmpty(request.ChannelId))
        {
            conversation.Properties[ChannelIdKey] = request.ChannelId;
        }
        reference.Conversation = conversation;
        return reference;
    }

    /// <summary>
    /// Who and where, for a post into the stored <paramref name="reference"/>; removes the marks, so what is sent to
    /// the channel is the conversation as Teams gave it.
    /// </summary>
    public static AccessRequest TakeAccessRequest(ConversationReference reference, string? tenantId, string? userObjectId)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var properties = reference.Conversation?.Properties;
        return new AccessRequest(tenantId, userObjectId, reference.Conversation?.Id, Take(properties, TeamIdKey), Take(properties, ChannelIdKey));
    }

    private static string? Take(JObject? properties, string key)
    {
        if (properties?[key] is not { } value)
        {
            return null;
        }
        properties.Remove(key);
        return value.Type == JTokenType.String ? value.Value<string>() : null;
    }
}
