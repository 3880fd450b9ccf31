using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The subscription contract on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresSubscriptionStoreTests : SubscriptionStoreContractTests, IAsyncLifetime
{
    private readonly PostgresStores _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    protected override ISubscriptionStore OpenStore() => _postgres.Open();
}
