using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The conversation pace on one SQLite file opened by several store instances.</summary>
public sealed class SqliteConversationPaceStoreTests : ConversationPaceStoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<SqliteWatchStore> _stores = [];

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
        var store = new SqliteWatchStore(Path.Combine(_folder.Path, SqliteWatchStore.FileName), 50, NullLogger.Instance, WatchSchema.Migrations);
        _stores.Add(store);
        return store;
    }
}
