using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database and the stores a contract test opens on it, disposed together: the one piece of set-up
/// the PostgreSQL runs of the store contract suites share (each derives from its own contract base, so this is held,
/// not inherited).
/// </summary>
public sealed class PostgresStores : IAsyncLifetime
{
    private readonly List<PostgresWatchStore> _stores = [];

    public PostgresDatabase Database { get; } = new();

    public Task InitializeAsync() => Database.InitializeAsync();

    /// <summary>A store on the database, as an instance of the bot would open it (limit 50 per conversation).</summary>
    public PostgresWatchStore Open()
    {
        var store = new PostgresWatchStore(Database.ConnectionString, 50, NullLogger.Instance, PostgresWatchSchema.Migrations);
        _stores.Add(store);
        return store;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        await Database.DisposeAsync();
    }
}
