using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

public sealed class SqliteWatchStoreTests : WatchStoreContractTests, IDisposable
{

    private readonly TempFolder _folder = new();
    private readonly List<SqliteWatchStore> _stores = [];

    private string DatabasePath => Path.Combine(_folder.Path, "data", SqliteWatchStore.FileName);

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _folder.Dispose();
    }

    [Fact]
    public async Task A_new_file_is_created_in_its_folder_migrated_to_the_latest_schema_in_WAL_mode()
    {
        Assert.False(File.Exists(DatabasePath));
        var store = Open();

        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(WatchSchema.Migrations.Count, await store.GetSchemaVersionAsync(Ct));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal("watches", await ScalarAsync("SELECT description FROM schema_version WHERE version = 1"));
    }

    [Fact]
    public async Task Reopening_an_existing_file_keeps_its_watches_and_applies_no_migration_twice()
    {
        var first = Open();
        var watch = await Add(first, Requests.Watch(Requests.Channel(1), Jobs.Id, Now,
            JobSnapshot.From(Jobs.Make("PROCESSING", failed: [("disk full", 1)], processing: 4))));
        first.Dispose();
        _stores.Remove(first);

        var reopened = Open();

        Assert.Equal(watch, await reopened.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
        Assert.Equal(WatchSchema.Migrations.Count, await reopened.GetSchemaVersionAsync(Ct));
        Assert.Equal((long)WatchSchema.Migrations.Count, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_later_migration_is_applied_in_order_over_existing_watches()
    {
        var v1 = Open();
        var watch = await Add(v1, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        v1.Dispose();
        _stores.Remove(v1);

        SchemaMigration[] v2Schema =
        [
            .. WatchSchema.Migrations,
            new(WatchSchema.Migrations.Count + 1, "watch notes", "ALTER TABLE watches ADD COLUMN note TEXT NOT NULL DEFAULT 'none'"),
        ];
        var v2 = Track(new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, v2Schema));

        Assert.Equal(v2Schema.Length, await v2.GetSchemaVersionAsync(Ct));
        Assert.Equal(watch, await v2.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
        Assert.Equal("none", await ScalarAsync("SELECT note FROM watches"));
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_with_a_clear_message()
    {
        SchemaMigration[] newer = [.. WatchSchema.Migrations, new(WatchSchema.Migrations.Count + 1, "future", "CREATE TABLE future (x)")];
        await Track(new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, newer)).InitializeAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().InitializeAsync(Ct));

        Assert.Contains($"schema version {newer.Length}, newer than this build knows ({WatchSchema.Migrations.Count})", error.Message);
        Assert.Contains("Watching:DataFolder", error.Message);
    }

    protected override IWatchStore OpenStore(int limit) => Open(limit);

    private SqliteWatchStore Open(int limit = 50) =>
        Track(new SqliteWatchStore(DatabasePath, limit, NullLogger.Instance, WatchSchema.Migrations));

    private SqliteWatchStore Track(SqliteWatchStore store)
    {
        _stores.Add(store);
        return store;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
