using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatOpsBot.Watching;

/// <summary>
/// Watches in PostgreSQL, shared by any number of bot instances (<c>Watching:Store = Postgres</c>, the connection
/// string in <c>ConnectionStrings:Watches</c>). Claims and adds are serialized with transaction-scoped advisory locks,
/// so two instances never claim the same work nor overrun a conversation's limit; migrations run under one too, so
/// instances starting together migrate once. A database that cannot be reached surfaces as
/// <see cref="WatchStoreUnavailableException"/>: commands say so, the poller pauses, readiness reports Degraded.
/// </summary>
public sealed partial class PostgresWatchStore : SqlWatchStore
{
    public const string ConnectionStringName = "Watches";

    // Keys of pg_advisory_xact_lock: one for migrations, one for claims; conversations hash their id.
    private const long MigrationLock = 0x43_68_61_74_4F_70_73_01;
    private const long ClaimLock = 0x43_68_61_74_4F_70_73_02;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _description;
    private readonly IReadOnlyList<SchemaMigration> _migrations;
    private readonly ILogger _logger;
    private readonly SqliteWatchImport? _import;

    public PostgresWatchStore(IOptions<WatchOptions> options, IConfiguration configuration, ILogger<PostgresWatchStore> logger,
        TimeProvider? timeProvider = null, IHostEnvironment? environment = null)
        : this(ConnectionStringFrom(configuration), options.Value.MaxWatchesPerConversation, logger, PostgresWatchSchema.Migrations,
            new SqliteWatchImport(SqliteWatchImport.PathFor(options.Value.DataFolder, environment?.ContentRootPath ?? Directory.GetCurrentDirectory()),
                timeProvider ?? TimeProvider.System, logger))
    {
    }

    internal PostgresWatchStore(string connectionString, int maxWatchesPerConversation, ILogger logger, IReadOnlyList<SchemaMigration> migrations,
        SqliteWatchImport? import = null)
        : base(maxWatchesPerConversation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _description = string.Create(CultureInfo.InvariantCulture, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
        _dataSource = NpgsqlDataSource.Create(builder);
        _migrations = migrations;
        _logger = logger;
        _import = import;
    }

    public override async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await Guard(async () =>
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await ScalarAsync(connection, null, "SELECT COUNT(*) FROM schema_version", cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dataSource.Dispose();
        }
        base.Dispose(disposing);
    }

    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, string lockKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(lockKey);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lockKey == "claims")
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("@key", ClaimLock))
                    .ConfigureAwait(false);
            }
            else if (lockKey.StartsWith("conversation:", StringComparison.Ordinal))
            {
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", cancellationToken,
                    ("@key", lockKey)).ConfigureAwait(false);
            }
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Refused connections, a server shutting down or restarting, a dropped connection: Npgsql calls them transient.
    protected override bool IsUnavailable(Exception exception) => exception is NpgsqlException { IsTransient: true };

    protected override string Describe() => _description;

    // Idle pooled connections to a server that stopped are dead: without this, each would fail once after it is back.
    protected override void OnUnavailable() => _dataSource.Clear();

    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Instances starting at the same moment queue here; the later ones find the schema up to date.
                await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("@key", MigrationLock))
                    .ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, """
                    CREATE TABLE IF NOT EXISTS schema_version (
                        version     INTEGER PRIMARY KEY,
                        description TEXT NOT NULL,
                        applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """, cancellationToken).ConfigureAwait(false);
                var current = Convert.ToInt32(await ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                    cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                if (current > _migrations.Count)
                {
                    throw new InvalidOperationException(
                        $"The watch store ({_description}) has schema version {current}, newer than this build knows ({_migrations.Count}). " +
                        "Run the newer build, or point ConnectionStrings:Watches at another database.");
                }
                foreach (var migration in _migrations.Skip(current))
                {
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version, description) VALUES (@version, @description)",
                        cancellationToken, ("@version", migration.Version), ("@description", migration.Description)).ConfigureAwait(false);
                    LogMigrated(_logger, _description, migration.Version, migration.Description);
                }
                // Under the migration lock: of instances starting together, the first imports and the others find watches.
                var imported = _import is null ? null : await _import.CopyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (imported is { } count)
                {
                    _import!.MarkImported(count);
                }
            }
        }
    }

    private static string ConnectionStringFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return !string.IsNullOrWhiteSpace(connectionString)
            ? connectionString
            : throw new InvalidOperationException(
                "Watching:Store is Postgres but ConnectionStrings:Watches is not set. It is a secret: set it in the environment " +
                "(ConnectionStrings__Watches) or in user-secrets, never in appsettings.json.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch store {Store}: applied schema migration {Version} ({Description})")]
    private static partial void LogMigrated(ILogger logger, string store, int version, string description);
}
