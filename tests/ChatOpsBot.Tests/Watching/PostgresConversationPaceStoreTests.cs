using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The conversation pace on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresConversationPaceStoreTests : ConversationPaceStoreContractTests, IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private readonly List<PostgresWatchStore> _stores = [];

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        await _database.DisposeAsync();
    }

    protected override SqlWatchStore OpenStore()
    {
        var store = new PostgresWatchStore(_database.ConnectionString, 50, NullLogger.Instance, PostgresWatchSchema.Migrations);
        _stores.Add(store);
        return store;
    }
}
