namespace ChatOpsBot.Watching;

/// <summary>
/// The conversation references kept to post later (watches, their pending news, subscriptions), kept pointing where the
/// conversation talks from. Teams may move a tenant to another service URL; the next activity of the conversation
/// carries the new one, and posts made through a reference that still names the old one would fail or go astray.
/// </summary>
public interface IConversationReferenceStore
{
    /// <summary>
    /// The conversation <paramref name="conversationId"/> of tenant <paramref name="tenantId"/> just talked to the bot
    /// through <paramref name="serviceUrl"/>: every stored reference of that conversation that names another serviceUrl
    /// is pointed at it (the reference's <c>serviceUrl</c> and the stored column), in active and stopped watches, news
    /// not yet delivered, and subscriptions. A channel is one conversation: a thread's id names its channel, and the
    /// references of the channel and of all its threads follow. References kept for another tenant are left alone.
    /// Idempotent: nothing is written when nothing differs. Returns how many references changed.
    /// </summary>
    Task<int> RefreshServiceUrlAsync(string conversationId, string? tenantId, string serviceUrl, CancellationToken cancellationToken);
}
