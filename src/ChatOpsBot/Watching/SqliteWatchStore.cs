using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Watches in one SQLite file, <c>{Watching:DataFolder}/watches.db</c>, in WAL mode so the poller's reads never wait
/// for a user's write. Each call opens its own (pooled) connection; writes go one at a time through a gate, each in an
/// IMMEDIATE transaction (the write lock is taken before anything is read), which also serializes claims with any other
/// process on the same file. The embedded store for one instance: several instances need PostgreSQL.
/// </summary>
public sealed partial class SqliteWatchStore : SqlWatchStore
{
    public const string FileName = "watches.db";

    private readonly string _connectionString;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public SqliteWatchStore(IOptions<WatchOptions> options, ILogger<SqliteWatchStore> logger, IHostEnvironment? environment = null)
        : this(DatabasePathFor(options, environment, logger), options.Value.MaxWatchesPerConversation, logger, WatchSchema.Migrations)
    {
    }

    internal SqliteWatchStore(string databasePath, int maxWatchesPerConversation, ILogger logger, IReadOnlyList<SchemaMigration> migrations)
        : base(maxWatchesPerConversation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
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
        _migrations = migrations;
        _logger = logger;
    }

    public string DatabasePath { get; }

    /// <summary>The schema version of the file (0 before the first migration).</summary>
    internal Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadSchemaVersionAsync(connection, ct), cancellationToken);

    public override async Task ProbeAsync(CancellationToken cancellationToken)
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Pooled connections keep the file open; release them so the file can be moved or deleted after shutdown.
            using (var connection = new SqliteConnection(_connectionString))
            {
                SqliteConnection.ClearPool(connection);
            }
            _writeGate.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
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

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, string lockKey, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE: the write lock is taken before the limit or the due work is read.
            return await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    protected override void EndWrite() => _writeGate.Release();

    // A missing folder or a locked file is not an outage to wait out: it surfaces as it is.
    protected override bool IsUnavailable(Exception exception) => false;

    // SQLite (and Microsoft.Data.Sqlite) find each named parameter by a scan of the statement's: binding costs grow with
    // the square of the parameters a statement has. 500 rows a statement recorded the 10,000-job learning round slower
    // than one row each; 50 (250 parameters) keeps binding cheap and statements few (the subscriptions benchmark).
    protected override int FeedRowsPerStatement => 50;

    protected override string Describe() => DatabasePath;

    private static string DatabasePathFor(IOptions<WatchOptions> options, IHostEnvironment? environment, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = new WatchDataFolder(logger).Prepare(options.Value.DataFolder, environment?.ContentRootPath ?? Directory.GetCurrentDirectory());
        return Path.Combine(folder, FileName);
    }

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
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
                // IMMEDIATE: another process migrating the same file waits, then finds the version it wrote.
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var current = await ReadSchemaVersionAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
                    if (current > _migrations.Count)
                    {
                        throw new InvalidOperationException(
                            $"{DatabasePath} has schema version {current}, newer than this build knows ({_migrations.Count}). " +
                            "Run the newer build, or point Watching:DataFolder elsewhere.");
                    }
                    foreach (var migration in _migrations.Skip(current))
                    {
                        await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                        await ExecuteAsync(connection, transaction,
                            "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                            cancellationToken, ("@version", migration.Version), ("@description", migration.Description)).ConfigureAwait(false);
                        LogMigrated(_logger, DatabasePath, migration.Version, migration.Description);
                    }
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static async Task<int> ReadSchemaVersionAsync(DbConnection connection, CancellationToken cancellationToken,
        DbTransaction? transaction = null) =>
        Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken)
            .ConfigureAwait(false), CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch store {Path}: applied schema migration {Version} ({Description})")]
    private static partial void LogMigrated(ILogger logger, string path, int version, string description);
}
