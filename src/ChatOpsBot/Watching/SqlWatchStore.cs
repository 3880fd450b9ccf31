using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Watching;

/// <summary>
/// The watch store's one design, in SQL both providers speak (named <c>@</c> parameters, <c>RETURNING</c>, times as Unix
/// milliseconds, snapshots as JSON). A provider supplies connections, its schema, and the locks its database needs.
/// <para>
/// Claims: a claim token and a lease end on each claimed row; every write after a claim has <c>claim_token = @token</c>
/// in its WHERE, so an instance that stalled past its lease and was taken over writes nothing. The outbox: news is a
/// row of <c>deliveries</c>, inserted in the transaction that records the snapshot it was measured against.
/// </para>
/// </summary>
public abstract partial class SqlWatchStore : IWatchStore, ISubscriptionStore, IDisposable
{
    protected const string Columns =
        "id, conversation_id, job_id, requested_by_id, requested_by_name, conversation_reference, service_url, tenant_id, " +
        "created_at_ms, card_activity_id, last_seen_json, last_notified_json, next_poll_at_ms, disabled_reason, disabled_at_ms, mentions_json";

    private const string Unclaimed = "(claim_until_ms IS NULL OR claim_until_ms < @now)";

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _initGate = new(1, 1);
    private volatile bool _initialized;

    protected SqlWatchStore(int maxWatchesPerConversation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWatchesPerConversation, 1);
        MaxWatchesPerConversation = maxWatchesPerConversation;
    }

    protected int MaxWatchesPerConversation { get; }

    /// <summary>Opens a connection to the store (migrations aside).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Creates or migrates the schema; safe when several instances run it at once.</summary>
    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction; <paramref name="lockKey"/> names what it must serialize with (claims, a conversation).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, string lockKey, CancellationToken cancellationToken);

    /// <summary>Ends the write begun by <see cref="BeginWriteAsync"/> (a provider may hold a gate until then).</summary>
    protected virtual void EndWrite()
    {
    }

    /// <summary>True when the error means the database cannot be reached now, rather than a bug or bad data.</summary>
    protected abstract bool IsUnavailable(Exception exception);

    /// <summary>The database could not be reached: drop what may be stale (pooled connections to a server that went away).</summary>
    protected virtual void OnUnavailable()
    {
    }

    /// <summary>Words for the log and for <see cref="WatchStoreUnavailableException"/>: which store, never a password.</summary>
    protected abstract string Describe();

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }
        await _initGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await Guard(() => MigrateAsync(cancellationToken)).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initGate.Release();
        }
    }

    public Task<AddWatchResult> AddAsync(Watch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        return WriteAsync("conversation:" + watch.ConversationId, async (connection, transaction) =>
        {
            var existing = await ReadOneAsync(connection, transaction,
                $"SELECT {Columns} FROM watches WHERE conversation_id = @conversation AND job_id = @job",
                cancellationToken, ("@conversation", watch.ConversationId), ("@job", watch.JobId)).ConfigureAwait(false);
            if (existing is { IsActive: true })
            {
                // Asked again with people to mention: those replace the watch's mentions. Asked again without: nothing changes.
                if (watch.Mentions.Count == 0 || watch.Mentions.SequenceEqual(existing.Mentions))
                {
                    return new AddWatchResult(AddWatchOutcome.AlreadyWatching, existing, MaxWatchesPerConversation);
                }
                await ExecuteAsync(connection, transaction, "UPDATE watches SET mentions_json = @mentions WHERE id = @id", cancellationToken,
                    ("@mentions", MentionsToJson(watch.Mentions)), ("@id", existing.Id)).ConfigureAwait(false);
                return new AddWatchResult(AddWatchOutcome.MentionsUpdated, existing with { Mentions = watch.Mentions }, MaxWatchesPerConversation);
            }
            var active = Convert.ToInt32(await ScalarAsync(connection, transaction,
                "SELECT COUNT(*) FROM watches WHERE conversation_id = @conversation AND disabled_at_ms IS NULL",
                cancellationToken, ("@conversation", watch.ConversationId)).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (active >= MaxWatchesPerConversation)
            {
                return new AddWatchResult(AddWatchOutcome.LimitReached, null, MaxWatchesPerConversation);
            }
            if (existing is not null)
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM watches WHERE id = @id", cancellationToken,
                    ("@id", existing.Id)).ConfigureAwait(false);
            }
            var id = Convert.ToInt64(await ScalarAsync(connection, transaction, """
                INSERT INTO watches (conversation_id, job_id, requested_by_id, requested_by_name, conversation_reference,
                    service_url, tenant_id, created_at_ms, card_activity_id, last_seen_json, last_notified_json, next_poll_at_ms, mentions_json)
                VALUES (@conversation, @job, @user, @userName, @reference, @serviceUrl, @tenant, @createdAt, @card,
                    @lastSeen, @lastNotified, @nextPoll, @mentions)
                RETURNING id
                """, cancellationToken,
                ("@conversation", watch.ConversationId), ("@job", watch.JobId), ("@user", watch.RequestedByUserId),
                ("@userName", watch.RequestedByName), ("@reference", watch.ConversationReference),
                ("@serviceUrl", watch.ServiceUrl), ("@tenant", watch.TenantId), ("@createdAt", ToMs(watch.CreatedAt)),
                ("@card", watch.CardActivityId), ("@lastSeen", ToJson(watch.LastSeen)),
                ("@lastNotified", ToJson(watch.LastNotified)), ("@nextPoll", ToMs(watch.NextPollAt)),
                ("@mentions", MentionsToJson(watch.Mentions))).ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            var added = watch with
            {
                Id = id,
                CreatedAt = FromMs(ToMs(watch.CreatedAt)),
                NextPollAt = FromMs(ToMs(watch.NextPollAt)),
                DisabledAt = null,
                DisabledReason = null,
            };
            return new AddWatchResult(AddWatchOutcome.Added, added, MaxWatchesPerConversation);
        }, cancellationToken);
    }

    public Task<Watch?> GetAsync(string conversationId, string jobId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadOneAsync(connection, null,
            $"SELECT {Columns} FROM watches WHERE conversation_id = @conversation AND job_id = @job",
            ct, ("@conversation", conversationId), ("@job", jobId)), cancellationToken);

    public Task<IReadOnlyList<Watch>> ListByConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadWatchesAsync(connection, null,
            $"SELECT {Columns} FROM watches WHERE conversation_id = @conversation ORDER BY created_at_ms, id",
            ct, ("@conversation", conversationId)), cancellationToken);

    public Task<long> CountActiveAsync(CancellationToken cancellationToken) =>
        ReadAsync(async (connection, ct) => Convert.ToInt64(await ScalarAsync(connection, null,
            "SELECT COUNT(*) FROM watches WHERE disabled_at_ms IS NULL", ct).ConfigureAwait(false), CultureInfo.InvariantCulture),
            cancellationToken);

    public async Task<bool> RemoveAsync(string conversationId, string jobId, CancellationToken cancellationToken) =>
        await UpdateAsync("conversation:" + conversationId,
            "DELETE FROM watches WHERE conversation_id = @conversation AND job_id = @job", cancellationToken,
            ("@conversation", conversationId), ("@job", jobId)).ConfigureAwait(false) > 0;

    // substr, not LIKE: a conversation id may hold '_' or '%', which LIKE would read as wildcards.
    public Task<int> RemoveConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        UpdateAsync("conversation:" + conversationId,
            "DELETE FROM watches WHERE conversation_id = @conversation OR substr(conversation_id, 1, length(@threads)) = @threads",
            cancellationToken, ("@conversation", conversationId), ("@threads", conversationId + ";"));

    public async Task<bool> SetCardActivityIdAsync(string conversationId, string jobId, string? cardActivityId,
        CancellationToken cancellationToken) =>
        await UpdateAsync("conversation:" + conversationId,
            "UPDATE watches SET card_activity_id = @card WHERE conversation_id = @conversation AND job_id = @job",
            cancellationToken, ("@card", cardActivityId), ("@conversation", conversationId), ("@job", jobId)).ConfigureAwait(false) > 0;

    public Task<WatchClaim> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int maxJobs, CancellationToken cancellationToken,
        DateTimeOffset? dueBy = null)
    {
        var token = Guid.NewGuid().ToString("N");
        var until = now + lease;
        return WriteAsync("claims", async (connection, transaction) =>
        {
            (string, object?)[] parameters =
                [("@token", token), ("@until", ToMs(until)), ("@now", ToMs(now)), ("@due", ToMs(dueBy ?? now)), ("@max", maxJobs)];
            const string dueJobs = $"""
                SELECT job_id FROM watches
                WHERE disabled_at_ms IS NULL AND next_poll_at_ms <= @due AND {Unclaimed}
                GROUP BY job_id ORDER BY MIN(next_poll_at_ms), job_id LIMIT @max
                """;
            var takenOver = Convert.ToInt32(await ScalarAsync(connection, transaction, $"""
                SELECT COUNT(*) FROM watches
                WHERE disabled_at_ms IS NULL AND claim_until_ms < @now AND job_id IN ({dueJobs})
                """, cancellationToken, parameters).ConfigureAwait(false), CultureInfo.InvariantCulture);
            await ExecuteAsync(connection, transaction, $"""
                UPDATE watches SET claim_token = @token, claim_until_ms = @until
                WHERE disabled_at_ms IS NULL AND {Unclaimed} AND job_id IN ({dueJobs})
                """, cancellationToken, parameters).ConfigureAwait(false);
            var watches = await ReadWatchesAsync(connection, transaction,
                $"SELECT {Columns} FROM watches WHERE claim_token = @token ORDER BY job_id, id", cancellationToken,
                ("@token", token)).ConfigureAwait(false);
            return new WatchClaim(token, until, watches, takenOver);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<long>> RecordAsync(WatchClaim claim, IReadOnlyList<WatchUpdate> updates, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(updates);
        var (claimToken, claimUntil) = (claim.Token, claim.Until);
        return WriteAsync("claims:record", async (connection, transaction) =>
        {
            var recorded = new List<long>(updates.Count);
            foreach (var update in updates)
            {
                var id = update.Watch.Id;
                // RETURNING gives the row as it is now, not as the round claimed it: where to post, whom to mention and
                // which card to update may have changed meanwhile (a conversation that talked through a new serviceUrl,
                // watch ID mention), and the news must go where the watch points now.
                var current = update.Change switch
                {
                    WatchChange.Remove => await ReadTargetAsync(connection, transaction,
                        $"DELETE FROM watches WHERE id = @id AND claim_token = @token RETURNING {TargetColumns}", cancellationToken,
                        ("@id", id), ("@token", claimToken)).ConfigureAwait(false),
                    WatchChange.Disable => await ReadTargetAsync(connection, transaction, $"""
                        UPDATE watches SET disabled_reason = @reason, disabled_at_ms = @now, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        RETURNING {TargetColumns}
                        """, cancellationToken,
                        ("@reason", update.DisableReason ?? "stopped"), ("@now", ToMs(now)), ("@id", id), ("@token", claimToken))
                        .ConfigureAwait(false),
                    _ => await ReadTargetAsync(connection, transaction, $"""
                        UPDATE watches
                        SET last_seen_json = COALESCE(@told, last_seen_json), last_notified_json = COALESCE(@told, last_notified_json),
                            next_poll_at_ms = @nextPoll, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        RETURNING {TargetColumns}
                        """, cancellationToken,
                        ("@told", ToJson(update.Told)), ("@nextPoll", ToMs(update.NextPollAt)), ("@id", id), ("@token", claimToken))
                        .ConfigureAwait(false),
                };
                if (current is not { } target)
                {
                    continue;
                }
                recorded.Add(id);
                if (update.News is { } news)
                {
                    var watch = update.Watch;
                    await ExecuteAsync(connection, transaction, """
                        INSERT INTO deliveries (watch_id, conversation_id, job_id, kind, text, ends_watch, conversation_reference,
                            service_url, tenant_id, requested_by_id, card_activity_id, mentions_json, created_at_ms, next_attempt_at_ms,
                            attempts, claim_token, claim_until_ms)
                        VALUES (@watch, @conversation, @job, @kind, @text, @ends, @reference, @serviceUrl, @tenant, @user, @card,
                            @mentions, @now, @now, 0, @token, @until)
                        """, cancellationToken,
                        ("@watch", id), ("@conversation", watch.ConversationId), ("@job", watch.JobId), ("@kind", news.Kind.ToString()),
                        ("@text", news.Text), ("@ends", news.EndsWatch ? 1 : 0), ("@reference", target.Reference),
                        ("@serviceUrl", target.ServiceUrl), ("@tenant", watch.TenantId), ("@user", watch.RequestedByUserId),
                        ("@card", target.CardActivityId), ("@mentions", target.MentionsJson), ("@now", ToMs(now)), ("@token", claimToken),
                        ("@until", ToMs(claimUntil))).ConfigureAwait(false);
                }
            }
            return (IReadOnlyList<long>)recorded;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Delivery>> ClaimDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken,
        string? recordedUnder = null)
    {
        var token = Guid.NewGuid().ToString("N");
        return WriteAsync("claims", async (connection, transaction) =>
        {
            // The outer condition repeats the inner one: a database that re-reads a row changed by a concurrent claim
            // (PostgreSQL under READ COMMITTED) then skips it.
            await ExecuteAsync(connection, transaction, $"""
                UPDATE deliveries SET claim_token = @token, claim_until_ms = @until, attempts = attempts + 1
                WHERE done_at_ms IS NULL AND ({Unclaimed} OR claim_token = @own) AND id IN (
                    SELECT d.id FROM deliveries d
                    WHERE d.done_at_ms IS NULL AND d.next_attempt_at_ms <= @now
                      AND (d.claim_until_ms IS NULL OR d.claim_until_ms < @now OR d.claim_token = @own)
                      AND NOT EXISTS (SELECT 1 FROM deliveries e
                                      WHERE e.conversation_id = d.conversation_id AND e.id < d.id AND e.done_at_ms IS NULL)
                    ORDER BY d.id LIMIT @max)
                """, cancellationToken,
                ("@token", token), ("@until", ToMs(now + lease)), ("@now", ToMs(now)), ("@max", max),
                ("@own", recordedUnder ?? "")).ConfigureAwait(false);
            // While the watch is there, its row says where to post, whom to mention and which card to update (the latest
            // word: watch ID mention, a new serviceUrl); the copies in the delivery serve news that outlived its watch.
            var command = Command(connection, transaction, """
                SELECT d.id, d.watch_id, d.conversation_id, d.job_id, d.kind, d.text, d.ends_watch,
                       CASE WHEN w.id IS NULL THEN d.conversation_reference ELSE w.conversation_reference END,
                       CASE WHEN w.id IS NULL THEN d.service_url ELSE w.service_url END,
                       d.tenant_id, d.requested_by_id, d.created_at_ms, d.attempts,
                       CASE WHEN w.id IS NULL THEN d.card_activity_id ELSE w.card_activity_id END,
                       CASE WHEN w.id IS NULL THEN d.mentions_json ELSE w.mentions_json END
                FROM deliveries d LEFT JOIN watches w ON w.id = d.watch_id
                WHERE d.claim_token = @token ORDER BY d.id
                """, [("@token", token)]);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var deliveries = new List<Delivery>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var created = FromMs(reader.GetInt64(11));
                        var target = new Watch
                        {
                            Id = reader.GetInt64(1),
                            ConversationId = reader.GetString(2),
                            JobId = reader.GetString(3),
                            ConversationReference = reader.GetString(7),
                            ServiceUrl = reader.GetString(8),
                            TenantId = reader.IsDBNull(9) ? null : reader.GetString(9),
                            RequestedByUserId = reader.GetString(10),
                            CreatedAt = created,
                            NextPollAt = created,
                            CardActivityId = reader.IsDBNull(13) ? null : reader.GetString(13),
                            Mentions = MentionsFromJson(reader.GetString(14)),
                        };
                        var news = new JobNotification(Enum.Parse<JobNotificationKind>(reader.GetString(4)), reader.GetString(5),
                            EndsWatch: Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture) != 0, Snapshot: null);
                        deliveries.Add(new Delivery(reader.GetInt64(0), target, news, token,
                            Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture)));
                    }
                    return (IReadOnlyList<Delivery>)deliveries;
                }
            }
        }, cancellationToken);
    }

    public Task<bool> MarkAsync(Delivery delivery, NotifyOutcome outcome, DateTimeOffset now, DateTimeOffset retryAt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(outcome);
        return WriteAsync("conversation:" + delivery.Target.ConversationId, async (connection, transaction) =>
        {
            (string, object?)[] claim = [("@id", delivery.Id), ("@token", delivery.ClaimToken), ("@now", ToMs(now))];
            switch (outcome.Kind)
            {
                case NotifyOutcomeKind.Sent:
                    if (outcome.CardGone && delivery.Target.CardActivityId is { } card)
                    {
                        await ForgetCardAsync(connection, transaction, delivery.Target.Id, card, cancellationToken).ConfigureAwait(false);
                    }
                    return await ExecuteAsync(connection, transaction, """
                        UPDATE deliveries SET done_at_ms = @now, outcome = 'sent', claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, claim).ConfigureAwait(false) > 0;
                case NotifyOutcomeKind.ConversationGone:
                    var reason = $"conversation gone ({outcome.Detail ?? "the bot was removed or blocked"})";
                    var dropped = await ExecuteAsync(connection, transaction, """
                        UPDATE deliveries SET done_at_ms = @now, outcome = @reason, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, [.. claim, ("@reason", reason)]).ConfigureAwait(false) > 0;
                    if (dropped)
                    {
                        await ExecuteAsync(connection, transaction, """
                            UPDATE watches SET disabled_reason = @reason, disabled_at_ms = @now
                            WHERE id = @watch AND disabled_at_ms IS NULL
                            """, cancellationToken, ("@reason", reason), ("@now", ToMs(now)), ("@watch", delivery.Target.Id))
                            .ConfigureAwait(false);
                    }
                    return dropped;
                default:
                    return await ExecuteAsync(connection, transaction, """
                        UPDATE deliveries SET next_attempt_at_ms = @retry, claim_token = NULL, claim_until_ms = NULL
                        WHERE id = @id AND claim_token = @token
                        """, cancellationToken, [.. claim, ("@retry", ToMs(retryAt))]).ConfigureAwait(false) > 0;
            }
        }, cancellationToken);
    }

    public Task<bool> ForgetCardAsync(long watchId, string cardActivityId, CancellationToken cancellationToken) =>
        WriteAsync("card", (connection, transaction) => ForgetCardAsync(connection, transaction, watchId, cardActivityId, cancellationToken),
            cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset disabledBefore, DateTimeOffset doneBefore, CancellationToken cancellationToken) =>
        WriteAsync("purge", async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM deliveries WHERE done_at_ms < @done", cancellationToken,
                ("@done", ToMs(doneBefore))).ConfigureAwait(false);
            // What a subscription told stays in subscription_jobs; its done deliveries are history only.
            await ExecuteAsync(connection, transaction, "DELETE FROM subscription_deliveries WHERE done_at_ms < @done", cancellationToken,
                ("@done", ToMs(doneBefore))).ConfigureAwait(false);
            return await ExecuteAsync(connection, transaction,
                "DELETE FROM watches WHERE disabled_at_ms IS NOT NULL AND disabled_at_ms < @before", cancellationToken,
                ("@before", ToMs(disabledBefore))).ConfigureAwait(false);
        }, cancellationToken);

    public abstract Task ProbeAsync(CancellationToken cancellationToken);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _initGate.Dispose();
        }
    }

    /// <summary>Runs a store operation, turning "the database cannot be reached" into <see cref="WatchStoreUnavailableException"/>.</summary>
    protected async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception error) when (error is not WatchStoreUnavailableException && IsUnavailable(error))
        {
            OnUnavailable();
            throw new WatchStoreUnavailableException($"The watch store ({Describe()}) cannot be reached: {error.Message}", error);
        }
    }

    protected Task Guard(Func<Task> operation) => Guard(async () =>
    {
        await operation().ConfigureAwait(false);
        return true;
    });

    protected async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await read(connection, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    protected async Task<T> WriteAsync<T>(string lockKey, Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await BeginWriteAsync(connection, lockKey, cancellationToken).ConfigureAwait(false);
                try
                {
                    await using (transaction.ConfigureAwait(false))
                    {
                        var result = await write(connection, transaction).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return result;
                    }
                }
                finally
                {
                    EndWrite();
                }
            }
        }).ConfigureAwait(false);
    }

    private Task<int> UpdateAsync(string lockKey, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync(lockKey, (connection, transaction) => ExecuteAsync(connection, transaction, sql, cancellationToken, parameters), cancellationToken);

    private static async Task<bool> ForgetCardAsync(DbConnection connection, DbTransaction transaction, long watchId, string cardActivityId,
        CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction,
            "UPDATE watches SET card_activity_id = NULL WHERE id = @id AND card_activity_id = @card", cancellationToken,
            ("@id", watchId), ("@card", cardActivityId)).ConfigureAwait(false) > 0;

    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql,
        (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            // A typed null: PostgreSQL cannot infer the type of an untyped one in COALESCE.
            parameter.DbType = value switch
            {
                long => DbType.Int64,
                int => DbType.Int32,
                _ => DbType.String,
            };
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Watch?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        (await ReadWatchesAsync(connection, transaction, sql, cancellationToken, parameters).ConfigureAwait(false)) is [var one, ..]
            ? one
            : null;

    private static async Task<IReadOnlyList<Watch>> ReadWatchesAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await ReadRowsAsync(connection, transaction, sql, ReadWatch, cancellationToken, parameters).ConfigureAwait(false);

    /// <summary>Every row the statement gives, each read by <paramref name="read"/>.</summary>
    protected static async Task<List<T>> ReadRowsAsync<T>(DbConnection connection, DbTransaction? transaction, string sql,
        Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(read);
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }
                return rows;
            }
        }
    }

    /// <summary>The first row the statement gives, read by <paramref name="read"/>; null when it gives none.</summary>
    protected static async Task<T?> ReadFirstAsync<T>(DbConnection connection, DbTransaction? transaction, string sql,
        Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(read);
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : null;
            }
        }
    }

    // Column order is Columns'.
    private static Watch ReadWatch(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ConversationId = reader.GetString(1),
        JobId = reader.GetString(2),
        RequestedByUserId = reader.GetString(3),
        RequestedByName = reader.IsDBNull(4) ? null : reader.GetString(4),
        ConversationReference = reader.GetString(5),
        ServiceUrl = reader.GetString(6),
        TenantId = reader.IsDBNull(7) ? null : reader.GetString(7),
        CreatedAt = FromMs(reader.GetInt64(8)),
        CardActivityId = reader.IsDBNull(9) ? null : reader.GetString(9),
        LastSeen = reader.IsDBNull(10) ? null : FromJson(reader.GetString(10)),
        LastNotified = reader.IsDBNull(11) ? null : FromJson(reader.GetString(11)),
        NextPollAt = FromMs(reader.GetInt64(12)),
        DisabledReason = reader.IsDBNull(13) ? null : reader.GetString(13),
        DisabledAt = reader.IsDBNull(14) ? null : FromMs(reader.GetInt64(14)),
        Mentions = MentionsFromJson(reader.GetString(15)),
    };

    private const string TargetColumns = "conversation_reference, service_url, card_activity_id, mentions_json";

    /// <summary>Where a watch's news goes, as its row says now.</summary>
    private readonly record struct NewsTarget(string Reference, string ServiceUrl, string? CardActivityId, string MentionsJson);

    // Reads the TargetColumns a statement RETURNING them gives; null when it touched no row.
    private static Task<NewsTarget?> ReadTargetAsync(DbConnection connection, DbTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        ReadFirstAsync(connection, transaction, sql,
            reader => new NewsTarget(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)),
            cancellationToken, parameters);

    private static string MentionsToJson(IReadOnlyList<MentionTarget> mentions) => JsonSerializer.Serialize(mentions, MentionJson);

    private static List<MentionTarget> MentionsFromJson(string json) =>
        JsonSerializer.Deserialize<List<MentionTarget>>(json, MentionJson) ?? [];

    protected static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    protected static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string? ToJson(JobSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, SnapshotJson);

    private static JobSnapshot? FromJson(string json) => JsonSerializer.Deserialize<JobSnapshot>(json, SnapshotJson);
}
