using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Watches in one SQLite file, <c>{Watching:DataFolder}/watches.db</c>, in WAL mode so the poller's reads never wait
/// for a user's write. Each call opens its own (pooled) connection; writes go one at a time through a gate, and an
/// add checks the limit and inserts in one IMMEDIATE transaction. One process per file: the poller is not meant to
/// run twice over the same watches.
/// </summary>
public sealed partial class SqliteWatchStore : IWatchStore, IDisposable
{
    public const string FileName = "watches.db";

    private const string Columns =
        "id, conversation_id, job_id, requested_by_id, requested_by_name, conversation_reference, service_url, tenant_id, " +
        "created_at_ms, card_activity_id, last_seen_json, last_notified_json, next_poll_at_ms, disabled_reason, disabled_at_ms";

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    private readonly string _connectionString;
    private readonly int _maxWatchesPerConversation;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _initialized;

    public SqliteWatchStore(IOptions<WatchOptions> options, ILogger<SqliteWatchStore> logger, IHostEnvironment? environment = null)
        : this(DatabasePathFor(options, environment, logger), options.Value.MaxWatchesPerConversation, logger, WatchSchema.Migrations)
    {
    }

    internal SqliteWatchStore(string databasePath, int maxWatchesPerConversation, ILogger logger, IReadOnlyList<SchemaMigration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWatchesPerConversation, 1);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException("Schema migrations must be numbered 1, 2, 3… in order.", nameof(migrations));
            }
        }
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _maxWatchesPerConversation = maxWatchesPerConversation;
        _migrations = migrations;
        _logger = logger;
    }

    public string DatabasePath { get; }

    /// <summary>The schema version of the file (0 before the first migration).</summary>
    internal async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await MigrateAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<AddWatchResult> AddAsync(Watch watch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(watch);
        return await WriteAsync(async (connection, transaction) =>
        {
            var existing = await ReadOneAsync(connection, transaction,
                $"SELECT {Columns} FROM watches WHERE conversation_id = $conversation AND job_id = $job",
                cancellationToken, ("$conversation", watch.ConversationId), ("$job", watch.JobId)).ConfigureAwait(false);
            if (existing is { IsActive: true })
            {
                return new AddWatchResult(AddWatchOutcome.AlreadyWatching, existing, _maxWatchesPerConversation);
            }
            var active = Convert.ToInt32(await ScalarAsync(connection, transaction,
                "SELECT COUNT(*) FROM watches WHERE conversation_id = $conversation AND disabled_at_ms IS NULL",
                cancellationToken, ("$conversation", watch.ConversationId)).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (active >= _maxWatchesPerConversation)
            {
                return new AddWatchResult(AddWatchOutcome.LimitReached, null, _maxWatchesPerConversation);
            }
            if (existing is not null)
            {
                await ExecuteAsync(connection, transaction, "DELETE FROM watches WHERE id = $id", cancellationToken,
                    ("$id", existing.Id)).ConfigureAwait(false);
            }
            var id = (long)(await ScalarAsync(connection, transaction, """
                INSERT INTO watches (conversation_id, job_id, requested_by_id, requested_by_name, conversation_reference,
                    service_url, tenant_id, created_at_ms, card_activity_id, last_seen_json, last_notified_json, next_poll_at_ms)
                VALUES ($conversation, $job, $user, $userName, $reference, $serviceUrl, $tenant, $createdAt, $card,
                    $lastSeen, $lastNotified, $nextPoll)
                RETURNING id
                """, cancellationToken,
                ("$conversation", watch.ConversationId), ("$job", watch.JobId), ("$user", watch.RequestedByUserId),
                ("$userName", watch.RequestedByName), ("$reference", watch.ConversationReference),
                ("$serviceUrl", watch.ServiceUrl), ("$tenant", watch.TenantId), ("$createdAt", ToMs(watch.CreatedAt)),
                ("$card", watch.CardActivityId), ("$lastSeen", ToJson(watch.LastSeen)),
                ("$lastNotified", ToJson(watch.LastNotified)), ("$nextPoll", ToMs(watch.NextPollAt))).ConfigureAwait(false))!;
            var added = watch with
            {
                Id = id,
                CreatedAt = FromMs(ToMs(watch.CreatedAt)),
                NextPollAt = FromMs(ToMs(watch.NextPollAt)),
                DisabledAt = null,
                DisabledReason = null,
            };
            return new AddWatchResult(AddWatchOutcome.Added, added, _maxWatchesPerConversation);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<Watch?> GetAsync(string conversationId, string jobId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadOneAsync(connection, null,
            $"SELECT {Columns} FROM watches WHERE conversation_id = $conversation AND job_id = $job",
            ct, ("$conversation", conversationId), ("$job", jobId)), cancellationToken);

    public Task<IReadOnlyList<Watch>> ListByConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadManyAsync(connection,
            $"SELECT {Columns} FROM watches WHERE conversation_id = $conversation ORDER BY created_at_ms, id",
            ct, ("$conversation", conversationId)), cancellationToken);

    public Task<IReadOnlyList<Watch>> GetDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadManyAsync(connection,
            $"SELECT {Columns} FROM watches WHERE disabled_at_ms IS NULL AND next_poll_at_ms <= $now ORDER BY next_poll_at_ms, id",
            ct, ("$now", ToMs(now))), cancellationToken);

    public async Task<bool> RemoveAsync(string conversationId, string jobId, CancellationToken cancellationToken) =>
        await UpdateAsync("DELETE FROM watches WHERE conversation_id = $conversation AND job_id = $job", cancellationToken,
            ("$conversation", conversationId), ("$job", jobId)).ConfigureAwait(false) > 0;

    // substr, not LIKE: a conversation id may hold '_' or '%', which LIKE would read as wildcards.
    public Task<int> RemoveConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        UpdateAsync("DELETE FROM watches WHERE conversation_id = $conversation OR substr(conversation_id, 1, length($threads)) = $threads",
            cancellationToken, ("$conversation", conversationId), ("$threads", conversationId + ";"));

    public async Task<bool> SetCardActivityIdAsync(string conversationId, string jobId, string? cardActivityId,
        CancellationToken cancellationToken) =>
        await UpdateAsync("UPDATE watches SET card_activity_id = $card WHERE conversation_id = $conversation AND job_id = $job",
            cancellationToken, ("$card", cardActivityId), ("$conversation", conversationId), ("$job", jobId)).ConfigureAwait(false) > 0;

    public async Task<bool> RemoveAsync(long watchId, CancellationToken cancellationToken) =>
        await UpdateAsync("DELETE FROM watches WHERE id = $id", cancellationToken, ("$id", watchId)).ConfigureAwait(false) > 0;

    public async Task<bool> RecordSeenAsync(long watchId, JobSnapshot seen, DateTimeOffset nextPollAt, CancellationToken cancellationToken) =>
        await UpdateAsync("UPDATE watches SET last_seen_json = $seen, next_poll_at_ms = $nextPoll WHERE id = $id",
            cancellationToken, ("$seen", ToJson(seen)), ("$nextPoll", ToMs(nextPollAt)), ("$id", watchId)).ConfigureAwait(false) > 0;

    public async Task<bool> RecordNotifiedAsync(long watchId, JobSnapshot notified, string? cardActivityId, DateTimeOffset nextPollAt,
        CancellationToken cancellationToken)
    {
        var json = ToJson(notified);
        return await UpdateAsync("""
            UPDATE watches
            SET last_notified_json = $notified, last_seen_json = $notified, next_poll_at_ms = $nextPoll,
                card_activity_id = COALESCE($card, card_activity_id)
            WHERE id = $id
            """, cancellationToken,
            ("$notified", json), ("$nextPoll", ToMs(nextPollAt)), ("$card", cardActivityId), ("$id", watchId)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RescheduleAsync(long watchId, DateTimeOffset nextPollAt, CancellationToken cancellationToken) =>
        await UpdateAsync("UPDATE watches SET next_poll_at_ms = $nextPoll WHERE id = $id", cancellationToken,
            ("$nextPoll", ToMs(nextPollAt)), ("$id", watchId)).ConfigureAwait(false) > 0;

    public async Task<bool> DisableAsync(long watchId, string reason, DateTimeOffset disabledAt, CancellationToken cancellationToken) =>
        await UpdateAsync("UPDATE watches SET disabled_reason = $reason, disabled_at_ms = $at WHERE id = $id", cancellationToken,
            ("$reason", reason), ("$at", ToMs(disabledAt)), ("$id", watchId)).ConfigureAwait(false) > 0;

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        // ReadWrite without Create: a missing file is an error, not a new empty store. No pooling: a pooled connection
        // keeps the old file open after it was deleted.
        var probe = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        await using (probe.ConfigureAwait(false))
        {
            await probe.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ReadSchemaVersionAsync(probe, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted after shutdown.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        _writeGate.Dispose();
    }

    private static string DatabasePathFor(IOptions<WatchOptions> options, IHostEnvironment? environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = new WatchDataFolder(logger).Prepare(options.Value.DataFolder, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        return Path.Combine(folder, FileName);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // WAL is a property of the file: set once, it holds for every later connection.
            var mode = (string?)await ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{DatabasePath} could not be switched to WAL mode (it stays in '{mode}').");
            }
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at  TEXT NOT NULL
                )
                """, cancellationToken).ConfigureAwait(false);
            var current = await ReadSchemaVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (current > _migrations.Count)
            {
                throw new InvalidOperationException(
                    $"{DatabasePath} has schema version {current}, newer than this build knows ({_migrations.Count}). " +
                    "Run the newer build, or point Watching:DataFolder elsewhere.");
            }
            foreach (var migration in _migrations.Skip(current))
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction,
                        "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                        cancellationToken, ("$version", migration.Version), ("$description", migration.Description)).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                LogMigrated(_logger, DatabasePath, migration.Version, migration.Description);
            }
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken)
            .ConfigureAwait(false), CultureInfo.InvariantCulture);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the limit is read.
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await write(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private Task<int> UpdateAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync((connection, transaction) => ExecuteAsync(connection, transaction, sql, cancellationToken, parameters), cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Watch?> ReadOneAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadWatch(reader) : null;
            }
        }
    }

    private static async Task<IReadOnlyList<Watch>> ReadManyAsync(SqliteConnection connection, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = Command(connection, null, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var watches = new List<Watch>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    watches.Add(ReadWatch(reader));
                }
                return watches;
            }
        }
    }

    // Column order is Columns'.
    private static Watch ReadWatch(SqliteDataReader reader) => new()
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
    };

    private static long ToMs(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static string? ToJson(JobSnapshot? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, SnapshotJson);

    private static JobSnapshot? FromJson(string json) => JsonSerializer.Deserialize<JobSnapshot>(json, SnapshotJson);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch store {Path}: applied schema migration {Version} ({Description})")]
    private static partial void LogMigrated(ILogger logger, string path, int version, string description);
}
