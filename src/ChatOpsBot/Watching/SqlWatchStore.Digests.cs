using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Burst windows and their digests (table <c>subscription_digests</c>; <c>subscription_jobs.digest_id</c>,
/// <c>digest_position</c> and <c>digest_row</c> place a job in one), written under the conversation's lock: the one the
/// outbox's marks take, so a window's count, its digest's post and the jobs' threads never disagree.
/// </summary>
public abstract partial class SqlWatchStore : IDigestStore
{
    public Task<DigestPlacement> PlaceFirstNewsAsync(Subscription subscription, LiteServerJobSummary row, TimeSpan window, int postedAlone,
        DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrEmpty(row.Id);
        var conversation = SubscriptionConversation.Of(subscription.ConversationId);
        var rowJson = JsonSerializer.Serialize(row);
        return WriteAsync("conversation:" + conversation, async (connection, transaction) =>
        {
            var placed = await ReadPlaceAsync(connection, transaction, subscription.Id, row.Id, cancellationToken).ConfigureAwait(false);
            var (digestId, position) = placed ?? (0, 0);
            if (placed is null)
            {
                (digestId, position) = await JoinWindowAsync(connection, transaction, conversation, window, now, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted, digest_id, digest_position, digest_row)
                    SELECT id, @job, '', 0, @digest, @position, @row FROM subscriptions WHERE id = @subscription
                    ON CONFLICT (subscription_id, job_id) DO UPDATE SET digest_id = @digest, digest_position = @position, digest_row = @row
                    """, cancellationToken, ("@job", row.Id), ("@digest", digestId), ("@position", position), ("@row", rowJson),
                    ("@subscription", subscription.Id)).ConfigureAwait(false);
            }
            else
            {
                await UpdateRowAsync(connection, transaction, subscription.Id, row.Id, rowJson, cancellationToken).ConfigureAwait(false);
            }
            if (position <= postedAlone)
            {
                return DigestPlacement.Alone;
            }
            var digest = await ReadDigestAsync(connection, transaction, digestId, postedAlone, cancellationToken).ConfigureAwait(false);
            if (digest.PostActivityId is not null)
            {
                return new DigestPlacement(DigestPlacementKind.UpdateDigest, digest);
            }
            var token = Guid.NewGuid().ToString("N");
            var opening = await ExecuteAsync(connection, transaction, """
                UPDATE subscription_digests SET opening_token = @token, opening_until_ms = @until
                WHERE id = @id AND post_activity_id IS NULL AND (opening_token IS NULL OR opening_until_ms < @now)
                """, cancellationToken, ("@token", token), ("@until", ToMs(now + lease)), ("@id", digestId), ("@now", ToMs(now)))
                .ConfigureAwait(false);
            return opening > 0 ? new DigestPlacement(DigestPlacementKind.OpenDigest, digest, token) : DigestPlacement.Wait;
        }, cancellationToken);
    }

    public Task<string?> RecordDigestPostAsync(Subscription subscription, long digestId, string openingToken, string? postActivityId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(openingToken);
        return WriteAsync("conversation:" + SubscriptionConversation.Of(subscription.ConversationId), async (connection, transaction) =>
        {
            if (postActivityId is null)
            {
                await ExecuteAsync(connection, transaction,
                    "UPDATE subscription_digests SET opening_token = NULL, opening_until_ms = NULL WHERE id = @id AND opening_token = @token",
                    cancellationToken, ("@id", digestId), ("@token", openingToken)).ConfigureAwait(false);
            }
            else
            {
                // Whatever the lease: the post exists now. If another delivery's lease lapsed into a second post, the
                // first one kept stays the thread.
                await ExecuteAsync(connection, transaction, """
                    UPDATE subscription_digests SET post_activity_id = COALESCE(post_activity_id, @post), opening_token = NULL, opening_until_ms = NULL
                    WHERE id = @id
                    """, cancellationToken, ("@post", postActivityId), ("@id", digestId)).ConfigureAwait(false);
            }
            return await ScalarAsync(connection, transaction, "SELECT post_activity_id FROM subscription_digests WHERE id = @id",
                cancellationToken, ("@id", digestId)).ConfigureAwait(false) as string;
        }, cancellationToken);
    }

    public Task<SubscriptionDigest?> RefreshDigestRowAsync(Subscription subscription, LiteServerJobSummary row, int postedAlone,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrEmpty(row.Id);
        var rowJson = JsonSerializer.Serialize(row);
        return WriteAsync("conversation:" + SubscriptionConversation.Of(subscription.ConversationId), async (connection, transaction) =>
        {
            if (await ReadPlaceAsync(connection, transaction, subscription.Id, row.Id, cancellationToken).ConfigureAwait(false)
                is not { } place || place.Position <= postedAlone)
            {
                return null;
            }
            await UpdateRowAsync(connection, transaction, subscription.Id, row.Id, rowJson, cancellationToken).ConfigureAwait(false);
            return (SubscriptionDigest?)await ReadDigestAsync(connection, transaction, place.DigestId, postedAlone, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    private static Task<(long DigestId, int Position)?> ReadPlaceAsync(DbConnection connection, DbTransaction transaction, long subscriptionId,
        string jobId, CancellationToken cancellationToken) =>
        ReadFirstAsync(connection, transaction, """
            SELECT digest_id, digest_position FROM subscription_jobs
            WHERE subscription_id = @subscription AND job_id = @job AND digest_id IS NOT NULL
            """,
            reader => (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)),
            cancellationToken, ("@subscription", subscriptionId), ("@job", jobId));

    // The conversation's latest window while it is open (its end included), else a new one from now: the job's place in it.
    private static async Task<(long DigestId, int Position)> JoinWindowAsync(DbConnection connection, DbTransaction transaction, string conversation,
        TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await ScalarAsync(connection, transaction, """
            SELECT id FROM subscription_digests WHERE conversation_id = @conversation AND window_end_ms >= @now
            ORDER BY window_start_ms DESC, id DESC LIMIT 1
            """, cancellationToken, ("@conversation", conversation), ("@now", ToMs(now))).ConfigureAwait(false);
        if (open is not null and not DBNull)
        {
            var id = Convert.ToInt64(open, CultureInfo.InvariantCulture);
            var jobs = await ScalarAsync(connection, transaction, "UPDATE subscription_digests SET jobs = jobs + 1 WHERE id = @id RETURNING jobs",
                cancellationToken, ("@id", id)).ConfigureAwait(false);
            return (id, Convert.ToInt32(jobs, CultureInfo.InvariantCulture));
        }
        var created = await ScalarAsync(connection, transaction, """
            INSERT INTO subscription_digests (conversation_id, window_start_ms, window_end_ms, jobs) VALUES (@conversation, @now, @end, 1)
            RETURNING id
            """, cancellationToken, ("@conversation", conversation), ("@now", ToMs(now)), ("@end", ToMs(now + window))).ConfigureAwait(false);
        return (Convert.ToInt64(created, CultureInfo.InvariantCulture), 1);
    }

    private static Task<int> UpdateRowAsync(DbConnection connection, DbTransaction transaction, long subscriptionId, string jobId, string rowJson,
        CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "UPDATE subscription_jobs SET digest_row = @row WHERE subscription_id = @subscription AND job_id = @job",
            cancellationToken, ("@row", rowJson), ("@subscription", subscriptionId), ("@job", jobId));

    // The digest's rows in the order its jobs joined; a job two subscriptions of the conversation share is listed once.
    private static async Task<SubscriptionDigest> ReadDigestAsync(DbConnection connection, DbTransaction transaction, long digestId, int postedAlone,
        CancellationToken cancellationToken)
    {
        var (start, end, post) = await ReadFirstAsync(connection, transaction,
            "SELECT window_start_ms, window_end_ms, post_activity_id FROM subscription_digests WHERE id = @id",
            reader => (FromMs(reader.GetInt64(0)), FromMs(reader.GetInt64(1)), reader.IsDBNull(2) ? null : reader.GetString(2)),
            cancellationToken, ("@id", digestId)).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Digest {digestId} is referenced but missing.");
        var joined = await ReadRowsAsync(connection, transaction, """
            SELECT job_id, digest_row FROM subscription_jobs WHERE digest_id = @id AND digest_position > @alone
            ORDER BY digest_position, subscription_id
            """, reader => (JobId: reader.GetString(0), Row: reader.GetString(1)), cancellationToken, ("@id", digestId), ("@alone", postedAlone))
            .ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = joined.Where(job => seen.Add(job.JobId))
            .Select(job => JsonSerializer.Deserialize<LiteServerJobSummary>(job.Row) ?? new LiteServerJobSummary { Id = job.JobId })
            .ToList();
        return new SubscriptionDigest(digestId, start, end - start, post, rows);
    }
}
