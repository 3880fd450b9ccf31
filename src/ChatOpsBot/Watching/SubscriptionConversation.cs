namespace ChatOpsBot.Watching;

/// <summary>
/// Where a subscription belongs. In a channel Teams names each thread <c>{channel id};messageid={root post id}</c>;
/// a subscription typed in a thread belongs to the channel, so its news opens new posts rather than burying them in
/// that thread.
/// </summary>
public static class SubscriptionConversation
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>The conversation id without the thread part, if any.</summary>
    public static string Of(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var at = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? conversationId : conversationId[..at];
    }

    /// <summary>The thread of the post <paramref name="postActivityId"/> in the channel <paramref name="conversationId"/>.</summary>
    public static string ThreadOf(string conversationId, string postActivityId) => Of(conversationId) + ThreadMarker + postActivityId;
}
