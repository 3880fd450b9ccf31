using System.Data.Common;
using System.Globalization;

namespace ChatOpsBot.Watching;

/// <summary>The project feed (tables <c>feeds</c> and <c>feed_rows</c>), claimed under the same lock as watches' claims.</summary>
public abstract partial class SqlWatchStore : IFeedStore
{
    // A row without a count or an update time is kept as -1: a null parameter is sent as text, which PostgreSQL will
    // not put in a number column, and neither value is ever negative.
    private const int Missing = -1;

    /// <summary>
    /// Rows a statement writes when a round is recorded: a learning round of 200,000 states takes a few hundred round
    /// trips, not 200,000 (docs/benchmarks.md, the subscriptions section). 500 rows of at most 5 parameters stay far below
    /// PostgreSQL's 65,535 parameters a statement; a provider whose cost per parameter grows with the statement's count
    /// (SQLite finds each by name) asks for fewer.
    /// </summary>
    protected virtual int FeedRowsPerStatement => 500;

    // A watch that told (or is telling) the job's end is removed with that news: its delivery still says the watch had it.
    private static readonly string WatchEndKinds = string.Join(", ",
        new[] { JobNotificationKind.JobFinished, JobNotificationKind.JobFailed, JobNotificationKind.JobDeleted, JobNotificationKind.JobNotVisible }
            .Select(k => $"'{k}'"));

    public Task<FeedClaim?> ClaimFeedAsync(string projectId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        var token = Guid.NewGuid().ToString("N");
        var until = now + lease;
        return WriteAsync("claims", async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO feeds (project_id, next_list_at_ms, listed, more_pages) VALUES (@project, 0, 0, 0)
                ON CONFLICT (project_id) DO NOTHING
                """, cancellationToken, ("@project", projectId)).ConfigureAwait(false);
            var state = await ReadFeedStateAsync(connection, transaction, """
                UPDATE feeds SET claim_token = @token, claim_until_ms = @until
                WHERE project_id = @project AND next_list_at_ms <= @now AND (claim_until_ms IS NULL OR claim_until_ms < @now)
                RETURNING listed, more_pages
                """, cancellationToken, ("@token", token), ("@until", ToMs(until)), ("@project", projectId), ("@now", ToMs(now)))
                .ConfigureAwait(false);
            if (state is not { } held)
            {
                return null;
            }
            var rows = new Dictionary<string, FeedRow>(StringComparer.Ordinal);
            var command = Command(connection, transaction,
                "SELECT job_id, abnormal_count, status, update_at_ms FROM feed_rows WHERE project_id = @project", [("@project", projectId)]);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var row = new FeedRow(reader.GetString(0), reader.GetInt32(1) is var abnormal and not Missing ? abnormal : null,
                            reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) is var updated and not Missing ? updated : null);
                        rows[row.JobId] = row;
                    }
                }
            }
            return new FeedClaim(token, until, rows, held.Listed, held.MorePages);
        }, cancellationToken);
    }

    public Task<bool> RecordFeedAsync(string projectId, string claimToken, IReadOnlyList<FeedRow> changed, IReadOnlyList<string> vanished,
        IReadOnlyList<SubscriptionJobState> told, IReadOnlyList<PendingSubscriptionNews> news, bool morePages, DateTimeOffset now,
        DateTimeOffset nextListAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(news);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(told);
        ArgumentNullException.ThrowIfNull(vanished);
        return WriteAsync("claims", async (connection, transaction) =>
        {
            var released = await ExecuteAsync(connection, transaction, """
                UPDATE feeds SET claim_token = NULL, claim_until_ms = NULL, listed = 1, more_pages = @more, next_list_at_ms = @next
                WHERE project_id = @project AND claim_token = @token
                """, cancellationToken, ("@more", morePages ? 1 : 0), ("@next", ToMs(nextListAt)), ("@project", projectId),
                ("@token", claimToken)).ConfigureAwait(false);
            if (released == 0)
            {
                return false;
            }
            await UpsertFeedRowsAsync(connection, transaction, projectId, changed, cancellationToken).ConfigureAwait(false);
            foreach (var batch in vanished.Distinct(StringComparer.Ordinal).Chunk(FeedRowsPerStatement))
            {
                var names = batch.Select((_, i) => "@j" + i.ToString(CultureInfo.InvariantCulture)).ToList();
                await ExecuteAsync(connection, transaction, $"DELETE FROM feed_rows WHERE project_id = @project AND job_id IN ({string.Join(", ", names)})",
                    cancellationToken, [("@project", projectId), .. batch.Select((job, i) => (names[i], (object?)job))]).ConfigureAwait(false);
            }
            await UpsertJobStatesAsync(connection, transaction, told, cancellationToken).ConfigureAwait(false);
            foreach (var item in news)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO subscription_deliveries (subscription_id, job_id, kind, text, created_at_ms, next_attempt_at_ms, attempts)
                    SELECT id, @job, @kind, @text, @now, @now, 0 FROM subscriptions WHERE id = @id AND disabled_at_ms IS NULL
                    """, cancellationToken, ("@id", item.SubscriptionId), ("@job", item.JobId), ("@kind", item.Kind.ToString()),
                    ("@text", item.Text), ("@now", ToMs(now))).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);
    }

    public Task<bool> RenewFeedClaimAsync(string projectId, string claimToken, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        ArgumentNullException.ThrowIfNull(claimToken);
        return WriteAsync("claims", async (connection, transaction) => await ExecuteAsync(connection, transaction,
            "UPDATE feeds SET claim_until_ms = @until WHERE project_id = @project AND claim_token = @token", cancellationToken,
            ("@until", ToMs(until)), ("@project", projectId), ("@token", claimToken)).ConfigureAwait(false) > 0, cancellationToken);
    }

    /// <summary>The feed rows a round saw change, added or replaced, <see cref="FeedRowsPerStatement"/> a statement (the last of a job wins).</summary>
    private async Task UpsertFeedRowsAsync(DbConnection connection, DbTransaction transaction, string projectId, IReadOnlyList<FeedRow> rows,
        CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, FeedRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            last[row.JobId] = row;
        }
        foreach (var batch in last.Values.Chunk(FeedRowsPerStatement))
        {
            var values = new List<string>(batch.Length);
            var parameters = new List<(string, object?)>(batch.Length * 4 + 1) { ("@project", projectId) };
            for (var i = 0; i < batch.Length; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                values.Add($"(@project, @j{n}, @a{n}, @s{n}, @u{n})");
                parameters.Add(("@j" + n, batch[i].JobId));
                parameters.Add(("@a" + n, batch[i].AbnormalCount ?? Missing));
                parameters.Add(("@s" + n, batch[i].Status));
                parameters.Add(("@u" + n, batch[i].UpdatedAtMs ?? Missing));
            }
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO feed_rows (project_id, job_id, abnormal_count, status, update_at_ms) VALUES {string.Join(", ", values)}
                ON CONFLICT (project_id, job_id) DO UPDATE SET abnormal_count = excluded.abnormal_count, status = excluded.status,
                    update_at_ms = excluded.update_at_ms
                """, cancellationToken, [.. parameters]).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What subscriptions now know of jobs, <see cref="FeedRowsPerStatement"/> a statement: told keys replaced and baseline
    /// cleared; having told of a job and having dealt with its end only ever grow (a round never takes them back); muting
    /// and posts kept; a subscription removed meanwhile skipped. One statement may not touch a row twice, so states of the
    /// same subscription and job are merged first as one after the other would leave them.
    /// </summary>
    private async Task UpsertJobStatesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SubscriptionJobState> states,
        CancellationToken cancellationToken)
    {
        var merged = new Dictionary<(long, string), SubscriptionJobState>();
        foreach (var state in states)
        {
            var key = (state.SubscriptionId, state.JobId);
            merged[key] = merged.TryGetValue(key, out var before)
                ? state with { Heard = state.Heard || before.Heard, EndTold = (JobEndTold)Math.Max((int)state.EndTold, (int)before.EndTold) }
                : state;
        }
        foreach (var batch in merged.Values.Chunk(FeedRowsPerStatement))
        {
            var values = new List<string>(batch.Length);
            var parameters = new List<(string, object?)>(batch.Length * 5);
            for (var i = 0; i < batch.Length; i++)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                values.Add($"(@i{n}, @j{n}, @k{n}, @h{n}, @e{n})");
                parameters.Add(("@i" + n, batch[i].SubscriptionId));
                parameters.Add(("@j" + n, batch[i].JobId));
                parameters.Add(("@k" + n, FailedTaskKeys.Encode(batch[i].ToldKeys)));
                parameters.Add(("@h" + n, batch[i].Heard ? 1 : 0));
                parameters.Add(("@e" + n, (int)batch[i].EndTold));
            }
            // VALUES names its columns column1, column2, … in both SQLite and PostgreSQL. The WHERE also keeps SQLite
            // from reading the upsert's ON as a join's.
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted, baseline, heard, told_end)
                SELECT v.column1, v.column2, v.column3, 0, 0, v.column4, v.column5 FROM (VALUES {string.Join(", ", values)}) AS v
                WHERE v.column1 IN (SELECT id FROM subscriptions)
                ON CONFLICT (subscription_id, job_id) DO UPDATE SET told_keys = excluded.told_keys, baseline = 0,
                    heard = CASE WHEN excluded.heard = 1 THEN 1 ELSE subscription_jobs.heard END,
                    told_end = CASE WHEN excluded.told_end > subscription_jobs.told_end THEN excluded.told_end ELSE subscription_jobs.told_end END
                """, cancellationToken, [.. parameters]).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<SubscriptionDelivery>> ClaimSubscriptionDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max,
        CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid().ToString("N");
        return WriteAsync("claims", async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, """
                UPDATE subscription_deliveries SET claim_token = @token, claim_until_ms = @until, attempts = attempts + 1
                WHERE id IN (
                    SELECT d.id FROM subscription_deliveries d
                    WHERE d.done_at_ms IS NULL AND d.next_attempt_at_ms <= @now
                      AND (d.claim_until_ms IS NULL OR d.claim_until_ms < @now)
                      AND d.id = (SELECT MIN(o.id) FROM subscription_deliveries o
                                  WHERE o.subscription_id = d.subscription_id AND o.job_id = d.job_id AND o.done_at_ms IS NULL)
                    ORDER BY d.id LIMIT @max)
                """, cancellationToken, ("@token", token), ("@until", ToMs(now + lease)), ("@now", ToMs(now)), ("@max", max))
                .ConfigureAwait(false);
            var claimed = new List<(long Id, long SubscriptionId, string JobId, string Text, int Attempts, string? Post, SubscriptionNewsKind Kind)>();
            var command = Command(connection, transaction, """
                SELECT d.id, d.subscription_id, d.job_id, d.text, d.attempts, j.post_activity_id, d.kind
                FROM subscription_deliveries d
                LEFT JOIN subscription_jobs j ON j.subscription_id = d.subscription_id AND j.job_id = d.job_id
                WHERE d.claim_token = @token ORDER BY d.id
                """, [("@token", token)]);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                            Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture), reader.IsDBNull(5) ? null : reader.GetString(5),
                            Enum.TryParse<SubscriptionNewsKind>(reader.GetString(6), out var kind) ? kind : SubscriptionNewsKind.Failures));
                    }
                }
            }
            var deliveries = new List<SubscriptionDelivery>(claimed.Count);
            foreach (var item in claimed)
            {
                var subscription = (await ReadSubscriptionsAsync(connection, transaction,
                    $"SELECT {SubscriptionColumns} FROM subscriptions WHERE id = @id", cancellationToken, ("@id", item.SubscriptionId))
                    .ConfigureAwait(false)) is [var one, ..] ? one : null;
                if (subscription is null)
                {
                    // Unsubscribed since: its news goes nowhere.
                    await ExecuteAsync(connection, transaction,
                        "UPDATE subscription_deliveries SET done_at_ms = @now, outcome = 'unsubscribed', claim_token = NULL WHERE id = @id",
                        cancellationToken, ("@now", ToMs(now)), ("@id", item.Id)).ConfigureAwait(false);
                    continue;
                }
                deliveries.Add(new SubscriptionDelivery(item.Id, subscription, item.JobId, item.Text, item.Post, token, item.Attempts, item.Kind));
            }
            return (IReadOnlyList<SubscriptionDelivery>)deliveries;
        }, cancellationToken);
    }

    public Task<bool> MarkSubscriptionDeliveryAsync(SubscriptionDelivery delivery, NotifyOutcome outcome, string? postActivityId,
        DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(outcome);
        return WriteAsync("conversation:" + delivery.Subscription.ConversationId, async (connection, transaction) =>
        {
            (string, object?)[] claim = [("@id", delivery.Id), ("@token", delivery.ClaimToken), ("@now", ToMs(now))];
            switch (outcome.Kind)
            {
                case NotifyOutcomeKind.Sent:
                    var sent = await ExecuteAsync(connection, transaction, """
                        UPDATE subscription_deliveries SET done_at_ms = @now, outcome = 'sent', claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, claim).ConfigureAwait(false) > 0;
                    if (sent && postActivityId is not null)
                    {
                        await ExecuteAsync(connection, transaction, """
                            INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted, post_activity_id, heard)
                            SELECT id, @job, '', 0, @post, 1 FROM subscriptions WHERE id = @subscription
                            ON CONFLICT (subscription_id, job_id) DO UPDATE SET post_activity_id = @post, heard = 1
                            """, cancellationToken, ("@job", delivery.JobId), ("@post", postActivityId),
                            ("@subscription", delivery.Subscription.Id)).ConfigureAwait(false);
                    }
                    return sent;
                case NotifyOutcomeKind.ConversationGone:
                    var reason = $"conversation gone ({outcome.Detail ?? "the bot was removed or blocked"})";
                    var dropped = await ExecuteAsync(connection, transaction, """
                        UPDATE subscription_deliveries SET done_at_ms = @now, outcome = @reason, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, [.. claim, ("@reason", reason)]).ConfigureAwait(false) > 0;
                    if (dropped)
                    {
                        await ExecuteAsync(connection, transaction, """
                            UPDATE subscriptions SET disabled_reason = @reason, disabled_at_ms = @now WHERE id = @subscription AND disabled_at_ms IS NULL
                            """, cancellationToken, ("@reason", reason), ("@now", ToMs(now)), ("@subscription", delivery.Subscription.Id))
                            .ConfigureAwait(false);
                    }
                    return dropped;
                default:
                    return await ExecuteAsync(connection, transaction, """
                        UPDATE subscription_deliveries SET next_attempt_at_ms = @retry, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, [.. claim, ("@retry", ToMs(retryAt))]).ConfigureAwait(false) > 0;
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListConversationsWatchingAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return ReadAsync(async (connection, ct) =>
        {
            var command = Command(connection, null, $"""
                SELECT conversation_id FROM watches WHERE job_id = @job AND disabled_at_ms IS NULL
                UNION
                SELECT conversation_id FROM deliveries WHERE job_id = @job AND kind IN ({WatchEndKinds})
                """, [("@job", jobId)]);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var conversations = new List<string>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        conversations.Add(reader.GetString(0));
                    }
                    return (IReadOnlyList<string>)conversations;
                }
            }
        }, cancellationToken);
    }

    public Task<bool> FeedHasMorePagesAsync(string projectId, CancellationToken cancellationToken) =>
        ReadAsync(async (connection, ct) => Convert.ToInt32(await ScalarAsync(connection, null,
            "SELECT COALESCE(MAX(more_pages), 0) FROM feeds WHERE project_id = @project", ct, ("@project", projectId)).ConfigureAwait(false),
            CultureInfo.InvariantCulture) != 0, cancellationToken);

    private static Task<(bool Listed, bool MorePages)?> ReadFeedStateAsync(DbConnection connection, DbTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadFirstAsync(connection, transaction, sql, reader => (reader.GetInt32(0) != 0, reader.GetInt32(1) != 0), cancellationToken, parameters);
}
