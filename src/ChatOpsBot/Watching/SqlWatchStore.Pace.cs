using System.Globalization;

namespace ChatOpsBot.Watching;

/// <summary>
/// Conversations' pace (table <c>conversation_pace</c>): one row per conversation, the moment its next post may go.
/// A turn is one upsert, atomic on both providers (SQLite writes one at a time; PostgreSQL locks the row), so two
/// instances asking at once get two turns one cost apart.
/// </summary>
public abstract partial class SqlWatchStore : IConversationPaceStore
{
    public Task<PaceTurn> TakeTurnAsync(PaceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WriteAsync("pace", async (connection, transaction) =>
        {
            var latest = request.Latest;
            DateTimeOffset? usableUntil = null;
            if (request.Post is { } post)
            {
                var claimUntil = await ScalarAsync(connection, transaction,
                    $"SELECT claim_until_ms FROM {Table(post.Outbox)} WHERE id = @id AND claim_token = @token AND done_at_ms IS NULL",
                    cancellationToken, ("@id", post.DeliveryId), ("@token", post.ClaimToken)).ConfigureAwait(false);
                if (claimUntil is null or DBNull)
                {
                    return PaceTurn.ClaimLost(request.Now);
                }
                usableUntil = FromMs(Convert.ToInt64(claimUntil, CultureInfo.InvariantCulture)) - request.ClaimMargin;
                latest = usableUntil < latest ? usableUntil.Value : latest;
            }
            (string, object?)[] key = [("@key", request.ConversationKey)];
            if (latest >= request.Now)
            {
                // The turn is at the later of now and the conversation's next moment; the WHERE leaves a turn that would
                // come after @latest untaken (RETURNING then answers nothing).
                var next = await ScalarAsync(connection, transaction, """
                    INSERT INTO conversation_pace (conversation_key, next_post_at_ms) VALUES (@key, @now + @cost)
                    ON CONFLICT (conversation_key) DO UPDATE
                        SET next_post_at_ms = (CASE WHEN conversation_pace.next_post_at_ms > @now THEN conversation_pace.next_post_at_ms ELSE @now END) + @cost
                        WHERE conversation_pace.next_post_at_ms <= @latest
                    RETURNING next_post_at_ms
                    """, cancellationToken, [.. key, ("@now", ToMs(request.Now)), ("@cost", (long)request.Cost.TotalMilliseconds),
                    ("@latest", ToMs(latest))]).ConfigureAwait(false);
                if (next is not (null or DBNull))
                {
                    return PaceTurn.Taken(FromMs(Convert.ToInt64(next, CultureInfo.InvariantCulture)) - request.Cost);
                }
            }
            var current = await ScalarAsync(connection, transaction, "SELECT next_post_at_ms FROM conversation_pace WHERE conversation_key = @key",
                cancellationToken, key).ConfigureAwait(false);
            var nextAt = current is null or DBNull ? request.Now : FromMs(Convert.ToInt64(current, CultureInfo.InvariantCulture));
            return PaceTurn.NotBefore(nextAt > request.Now ? nextAt : request.Now, usableUntil);
        }, cancellationToken);
    }

    public Task<bool> PostponeAsync(ClaimedPost post, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        // The claim counted an attempt; this one never reached Teams, so it does not count toward the backoff.
        return WriteAsync("pace", async (connection, transaction) => await ExecuteAsync(connection, transaction, $"""
            UPDATE {Table(post.Outbox)} SET next_attempt_at_ms = @due, claim_token = NULL, claim_until_ms = NULL, attempts = attempts - 1
            WHERE id = @id AND claim_token = @token AND done_at_ms IS NULL
            """, cancellationToken, ("@due", ToMs(dueAt)), ("@id", post.DeliveryId), ("@token", post.ClaimToken)).ConfigureAwait(false) > 0,
            cancellationToken);
    }

    public Task HoldOffAsync(string conversationKey, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        return WriteAsync("pace", (connection, transaction) => ExecuteAsync(connection, transaction, """
            INSERT INTO conversation_pace (conversation_key, next_post_at_ms) VALUES (@key, @until)
            ON CONFLICT (conversation_key) DO UPDATE SET next_post_at_ms = @until WHERE conversation_pace.next_post_at_ms < @until
            """, cancellationToken, ("@key", conversationKey), ("@until", ToMs(notBefore))), cancellationToken);
    }

    private static string Table(PostOutbox outbox) => outbox switch
    {
        PostOutbox.Watches => "deliveries",
        PostOutbox.Subscriptions => "subscription_deliveries",
        _ => throw new ArgumentOutOfRangeException(nameof(outbox), outbox, "not an outbox"),
    };
}
