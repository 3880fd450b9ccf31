using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

public sealed class SqliteSubscriptionNewsStoreTests : SubscriptionNewsStoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteWatchStore> _stores = [];

    private string DatabasePath => Path.Combine(_folder.Path, SqliteWatchStore.FileName);

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _folder.Dispose();
    }

    protected override SqlWatchStore OpenStore()
    {
        var store = new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, WatchSchema.Migrations);
        _stores.Add(store);
        return store;
    }

    protected override async Task<long> CountSubscriptionDeliveriesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM subscription_deliveries";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
