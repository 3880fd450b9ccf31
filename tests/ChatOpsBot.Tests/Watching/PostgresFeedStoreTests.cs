using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The feed contract on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresFeedStoreTests : FeedStoreContractTests, IAsyncLifetime
{
    private readonly PostgresStores _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    protected override IFeedStore OpenStore() => _postgres.Open();
}
