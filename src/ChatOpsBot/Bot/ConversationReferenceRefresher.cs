using System.Collections.Concurrent;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Bot.Schema;

namespace ChatOpsBot.Bot;

/// <summary>
/// Teams may move a tenant to another service URL; the conversation's next activity names the new one. Every turn the
/// bot accepts points the conversation's stored references (watches, pending news, subscriptions) at its serviceUrl,
/// so later proactive posts follow. Each instance remembers the serviceUrl it last saw per conversation for a few
/// minutes and asks the store only when it differs or was not seen lately; the store itself writes only what differs,
/// so instances that see the same move write it once, and one that remembered a URL another instance has since replaced
/// sets it right within <see cref="Remembered"/>.
/// </summary>
public sealed partial class ConversationReferenceRefresher(
    IConversationReferenceStore store,
    AccessPolicy policy,
    ServiceUrlPolicy serviceUrls,
    TimeProvider time,
    ILogger<ConversationReferenceRefresher> logger)
{
    /// <summary>How long a serviceUrl seen for a conversation spares asking the store again.</summary>
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(5);

    /// <summary>Conversations remembered at most; past this the memory starts over (a cost of one read per conversation).</summary>
    public const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, (string ServiceUrl, DateTimeOffset SeenAt)> _seen = new(StringComparer.Ordinal);

    public async Task RefreshAsync(IActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Conversation?.Id is not { Length: > 0 } conversationId || activity.ServiceUrl is not { Length: > 0 } serviceUrl
            || !serviceUrls.IsAllowed(serviceUrl))
        {
            return;
        }
        var request = TurnGuard.ToAccessRequest(activity);
        // A turn the access policy refuses changes nothing the bot keeps.
        if (!policy.Check(request).IsAllowed)
        {
            return;
        }
        // Every thread of a channel talks through the same serviceUrl: one memory for the channel.
        var key = SubscriptionConversation.Of(conversationId);
        var now = time.GetUtcNow();
        if (_seen.TryGetValue(key, out var seen) && seen.ServiceUrl == serviceUrl && now - seen.SeenAt < Remembered)
        {
            return;
        }
        int changed;
        try
        {
            // The tenant as watches and subscriptions keep it (see WatchCommands and SubscriptionCommands).
            changed = await store.RefreshServiceUrlAsync(conversationId, activity.Conversation.TenantId ?? request.TenantId, serviceUrl,
                cancellationToken).ConfigureAwait(false);
        }
        catch (WatchStoreUnavailableException error)
        {
            // The turn goes on; the next one tries again, since nothing was remembered.
            LogStoreUnavailable(logger, key, error.Message);
            return;
        }
        if (_seen.Count >= MaxRemembered)
        {
            _seen.Clear();
        }
        _seen[key] = (serviceUrl, now);
        if (changed > 0)
        {
            LogRefreshed(logger, key, serviceUrl, changed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Conversation {ConversationId} now talks through {ServiceUrl}: {Count} stored references point there")]
    private static partial void LogRefreshed(ILogger logger, string conversationId, string serviceUrl, int count);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not check the stored references of conversation {ConversationId} against its serviceUrl: {Error}")]
    private static partial void LogStoreUnavailable(ILogger logger, string conversationId, string error);
}
