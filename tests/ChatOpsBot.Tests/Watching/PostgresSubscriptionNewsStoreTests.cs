using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Npgsql;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The subscription news contract on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresSubscriptionNewsStoreTests : SubscriptionNewsStoreContractTests, IAsyncLifetime
{
    private readonly PostgresStores _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    protected override SqlWatchStore OpenStore() => _postgres.Open();

    protected override async Task<long> CountSubscriptionDeliveriesAsync()
    {
        await using var connection = await _postgres.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM subscription_deliveries", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
