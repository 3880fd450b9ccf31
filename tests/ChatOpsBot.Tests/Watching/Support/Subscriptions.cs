using System.Text.Json;
using ChatOpsBot.Commands;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching.Support;

internal static class Subscriptions
{
    public static string ChannelId(int n) => $"19:channel{n}@thread.tacv2";

    /// <summary>A subscription as the store takes it (not yet added).</summary>
    public static Subscription Make(string conversationId, DateTimeOffset now, string? prefix = null, string? type = null,
        params MentionTarget[] mentions) =>
        new()
        {
            ConversationId = conversationId,
            Filter = new SubscriptionFilter(prefix, type),
            Mentions = mentions,
            RequestedByUserId = "29:user-aad-1",
            RequestedByName = "Ada Lovelace",
            ConversationReference = JsonSerializer.Serialize(new { conversation = new { id = conversationId }, channelId = "msteams" }),
            ServiceUrl = Requests.ServiceUrl,
            TenantId = Requests.TenantId,
            CreatedAt = now,
        };
}
