using System.Text.Json;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching.Support;

internal static class Requests
{
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public static string Channel(int n) => $"19:channel{n}@thread.tacv2;messageid=17000000000{n:D2}";

    public static WatchRequest For(string conversationId, string jobId = Jobs.Id, string? cardActivityId = null) =>
        new(conversationId, jobId, "29:user-aad-1", "Ada Lovelace",
            Reference(conversationId),
            ServiceUrl, TenantId, cardActivityId);

    // Shaped like the Bot Framework's ConversationReference; Watching never reads it.
    private static string Reference(string conversationId) =>
        JsonSerializer.Serialize(new { conversation = new { id = conversationId }, serviceUrl = ServiceUrl, channelId = "msteams" });

    /// <summary>A watch as the store takes it (not yet added).</summary>
    public static Watch Watch(string conversationId, string jobId, DateTimeOffset now, JobSnapshot? baseline = null) =>
        new()
        {
            ConversationId = conversationId,
            JobId = jobId,
            RequestedByUserId = "29:user-aad-1",
            RequestedByName = "Ada Lovelace",
            ConversationReference = Reference(conversationId),
            ServiceUrl = ServiceUrl,
            TenantId = TenantId,
            CreatedAt = now,
            LastSeen = baseline,
            LastNotified = baseline,
            NextPollAt = now,
        };
}
