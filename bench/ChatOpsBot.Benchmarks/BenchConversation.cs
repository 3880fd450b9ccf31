using System.Globalization;
using System.Text.Json.Nodes;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// One subscribed conversation of the subscriptions benchmark: a personal chat or a channel, the <c>subscribe</c> it
/// types, and which jobs of the generated project (<c>load-00001</c>…, every third of type ASCEND_HDK_UPGRADE) that
/// subscription follows, so the driver knows how many posts each round must make.
/// </summary>
internal sealed record BenchConversation(int Number, bool IsChannel, string Command, string? NamePrefix, string? JobType)
{
    private const string TenantId = "00000000-0000-0000-0000-000000000001";
    private const string BotId = "00000000-0000-0000-0000-000000000011";

    /// <summary>
    /// Two in five are personal chats hearing of every job, one in five a channel hearing of every job, one a channel
    /// following names <c>load-00</c>… (jobs 1–999), one a personal chat following the type ASCEND_HDK_UPGRADE.
    /// </summary>
    public static BenchConversation Of(int number) => (number % 5) switch
    {
        0 or 1 => new(number, false, "subscribe", null, null),
        2 => new(number, true, "subscribe", null, null),
        3 => new(number, true, "subscribe name load-00", "load-00", null),
        _ => new(number, false, "subscribe type ASCEND_HDK_UPGRADE", null, "ASCEND_HDK_UPGRADE"),
    };

    /// <summary>Where its news goes: the channel (never a thread of it) or the chat.</summary>
    public string ConversationId => IsChannel ? ChannelId : $"a:bench-chat-{Number.ToString(CultureInfo.InvariantCulture)}";

    private string ChannelId => $"19:bench-channel-{Number.ToString(CultureInfo.InvariantCulture)}@thread.tacv2";

    public bool Follows(string name, string type) =>
        (NamePrefix is null || name.StartsWith(NamePrefix, StringComparison.OrdinalIgnoreCase))
        && (JobType is null || string.Equals(type, JobType, StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>subscribe</c> message as Teams sends it (in a channel: in a thread, @mentioning the bot), replies asked back in the response.</summary>
    public JsonObject Activity(Uri serviceUrl)
    {
        var user = $"user-{Number.ToString(CultureInfo.InvariantCulture)}";
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"subscribe-{Number.ToString(CultureInfo.InvariantCulture)}",
            ["text"] = IsChannel ? $"<at>ChatOpsBot</at> {Command}" : Command,
            ["deliveryMode"] = "expectReplies",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl.ToString().TrimEnd('/'),
            ["from"] = new JsonObject { ["id"] = user, ["name"] = "Bench " + user, ["aadObjectId"] = $"00000000-0000-0000-0001-{Number:D12}" },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "ChatOpsBot" },
            ["conversation"] = IsChannel
                ? new JsonObject
                {
                    ["isGroup"] = true, ["conversationType"] = "channel", ["tenantId"] = TenantId,
                    ["id"] = $"{ChannelId};messageid=17000000{Number:D5}",
                }
                : new JsonObject { ["conversationType"] = "personal", ["tenantId"] = TenantId, ["id"] = ConversationId },
            ["channelData"] = IsChannel
                ? new JsonObject
                {
                    ["teamsChannelId"] = ChannelId, ["teamsTeamId"] = "19:bench-team@thread.tacv2",
                    ["tenant"] = new JsonObject { ["id"] = TenantId },
                    ["team"] = new JsonObject { ["id"] = "19:bench-team@thread.tacv2" },
                    ["channel"] = new JsonObject { ["id"] = ChannelId },
                }
                : new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        if (IsChannel)
        {
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "ChatOpsBot" },
                ["text"] = "<at>ChatOpsBot</at>",
            });
        }
        return activity;
    }
}
