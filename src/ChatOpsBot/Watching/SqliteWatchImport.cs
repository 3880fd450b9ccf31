using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Watching;

/// <summary>
/// Moving one instance from SQLite to PostgreSQL: at the first start on an empty PostgreSQL store, the active watches
/// of the <c>watches.db</c> left in the data folder are copied in (conversation, job, who asked, card, what was last
/// seen and told, next poll, whom its news mentions), inside the migration's transaction and under its advisory lock, so instances starting
/// together import once. The file is then renamed <c>watches.db.imported-{date}</c>, so it is never read again.
/// News still waiting in the SQLite outbox is not carried over: stop the SQLite instance before the move.
/// </summary>
internal sealed partial class SqliteWatchImport(string databasePath, TimeProvider timeProvider, ILogger logger)
{
    private const string CopiedColumns =
        "conversation_id, job_id, requested_by_id, requested_by_name, conversation_reference, service_url, tenant_id, " +
        "created_at_ms, card_activity_id, last_seen_json, last_notified_json, next_poll_at_ms";

    // Only in files of schema version 5 and later; an older file's watches mention nobody.
    private const string MentionsColumn = "mentions_json";

    private static readonly string[] StoreFiles = [SqliteWatchStore.FileName, SqliteWatchStore.FileName + "-wal", SqliteWatchStore.FileName + "-shm"];

    public string DatabasePath { get; } = Path.GetFullPath(databasePath);

    /// <summary>
    /// The <c>watches.db</c> a SQLite instance with this <c>Watching:DataFolder</c> would have used, found without
    /// creating or moving anything: the configured folder, else the per-user folder, else the old <c>data/</c> default.
    /// </summary>
    public static string PathFor(string? configuredFolder, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configuredFolder))
        {
            return Path.Combine(Path.GetFullPath(configuredFolder, contentRoot), SqliteWatchStore.FileName);
        }
        var baseFolder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        var perUser = string.IsNullOrEmpty(baseFolder)
            ? null
            : Path.Combine(baseFolder, WatchDataFolder.ApplicationFolderName, SqliteWatchStore.FileName);
        return perUser is not null && File.Exists(perUser)
            ? perUser
            : Path.Combine(Path.GetFullPath(WatchDataFolder.LegacyFolderName, contentRoot), SqliteWatchStore.FileName);
    }

    /// <summary>
    /// Copies the file's active watches into the PostgreSQL transaction when there is a file and the store holds no
    /// watch yet. Returns how many were copied, or null when there was nothing to import.
    /// </summary>
    public async Task<int?> CopyAsync(DbConnection target, DbTransaction transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(DatabasePath))
        {
            return null;
        }
        if (await ScalarAsync(target, transaction, "SELECT EXISTS (SELECT 1 FROM watches)", cancellationToken).ConfigureAwait(false) is true)
        {
            LogStoreNotEmpty(logger, DatabasePath);
            return null;
        }
        var copied = 0;
        // No pooling: the file is renamed after this, and a pooled connection would keep it open.
        var source = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        await using (source.ConfigureAwait(false))
        {
            await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            var columns = await HasColumnAsync(source, "watches", MentionsColumn, cancellationToken).ConfigureAwait(false)
                ? CopiedColumns + ", " + MentionsColumn
                : CopiedColumns;
            var read = source.CreateCommand();
            await using (read.ConfigureAwait(false))
            {
                read.CommandText = $"SELECT {columns} FROM watches WHERE disabled_at_ms IS NULL ORDER BY id";
                var rows = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (rows.ConfigureAwait(false))
                {
                    while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await InsertAsync(target, transaction, columns, rows, cancellationToken).ConfigureAwait(false);
                        copied++;
                    }
                }
            }
        }
        return copied;
    }

    /// <summary>
    /// After the copy is committed: the file (and its WAL, if any is left) is renamed, never read again. A name taken by
    /// an earlier import (a move back to SQLite and again to PostgreSQL on one day) gets a number. A file that cannot be
    /// renamed is left where it is with a warning, not a failed start: the store now holds watches, so it is not
    /// imported again.
    /// </summary>
    public void MarkImported(int copied)
    {
        var folder = Path.GetDirectoryName(DatabasePath)!;
        var files = StoreFiles.Select(f => Path.Combine(folder, f)).Where(File.Exists).ToList();
        var suffix = FreeSuffix(files);
        try
        {
            foreach (var file in files)
            {
                File.Move(file, file + suffix, overwrite: false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotRenamed(logger, e, copied, DatabasePath);
            return;
        }
        LogImported(logger, copied, DatabasePath, SqliteWatchStore.FileName + suffix);
    }

    // ".imported-2026-11-30", else ".imported-2026-11-30-2", "-3", …: the first no file of the set would collide with.
    private string FreeSuffix(List<string> files)
    {
        var stem = ".imported-" + timeProvider.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var n = 1; ; n++)
        {
            var suffix = n == 1 ? stem : stem + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (!files.Exists(file => File.Exists(file + suffix)))
            {
                return suffix;
            }
        }
    }

    private static async Task<bool> HasColumnAsync(SqliteConnection source, string table, string column, CancellationToken cancellationToken)
    {
        var command = source.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SELECT COUNT(*) FROM pragma_table_info(@table) WHERE name = @column";
            command.Parameters.AddWithValue("@table", table);
            command.Parameters.AddWithValue("@column", column);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        }
    }

    private static async Task InsertAsync(DbConnection target, DbTransaction transaction, string columns, DbDataReader row,
        CancellationToken cancellationToken)
    {
        var names = columns.Split(", ");
        var command = target.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO watches ({columns}) VALUES ({string.Join(", ", names.Select(n => "@" + n))}) " +
                "ON CONFLICT (conversation_id, job_id) DO NOTHING";
            for (var i = 0; i < names.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + names[i];
                var value = row.IsDBNull(i) ? null : row.GetValue(i);
                parameter.DbType = value is long ? DbType.Int64 : DbType.String;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {Count} active watches from {Path} into PostgreSQL, but the file could not be renamed; it stays, and is not imported again since the store now holds watches")]
    private static partial void LogNotRenamed(ILogger logger, Exception exception, int count, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} active watches from {Path} into PostgreSQL; the file is renamed {NewName}")]
    private static partial void LogImported(ILogger logger, int count, string path, string newName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} is left alone: the PostgreSQL watch store already holds watches, so nothing is imported from it")]
    private static partial void LogStoreNotEmpty(ILogger logger, string path);
}
