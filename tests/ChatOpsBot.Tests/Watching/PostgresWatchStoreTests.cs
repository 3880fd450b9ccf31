using System.Net;
using System.Net.Sockets;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The store contract on a real PostgreSQL server (a fresh database per test), and what only PostgreSQL has.</summary>
public sealed class PostgresWatchStoreTests : WatchStoreContractTests, IAsyncLifetime
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

    [Fact]
    public async Task Instances_starting_at_the_same_moment_migrate_the_schema_once()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Open()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync(Ct))));

        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_version", connection);
        Assert.Equal(7L, await command.ExecuteScalarAsync());
        await Add(stores[3], Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        Assert.Single(await stores[5].ListByConversationAsync(Requests.Channel(1), Ct));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_reported_as_unavailable_and_nothing_else()
    {
        var store = Track(new PostgresWatchStore($"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Password=x;Database=none;Timeout=5",
            50, NullLogger.Instance, PostgresWatchSchema.Migrations));

        var adding = await Assert.ThrowsAsync<WatchStoreUnavailableException>(() => store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now), Ct));
        await Assert.ThrowsAsync<WatchStoreUnavailableException>(() => store.ProbeAsync(Ct));
        await Assert.ThrowsAsync<WatchStoreUnavailableException>(() => store.ClaimDueAsync(Now, TimeSpan.FromMinutes(2), 10, Ct));

        Assert.StartsWith("The watch store (PostgreSQL 127.0.0.1:", adding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", adding.Message, StringComparison.OrdinalIgnoreCase);
    }

    protected override IWatchStore OpenStore(int limit) =>
        Track(new PostgresWatchStore(_database.ConnectionString, limit, NullLogger.Instance, PostgresWatchSchema.Migrations));

    private PostgresWatchStore Open() => (PostgresWatchStore)OpenStore(50);

    private PostgresWatchStore Track(PostgresWatchStore store)
    {
        _stores.Add(store);
        return store;
    }

    // A port nothing listens on: bound, read, released.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
