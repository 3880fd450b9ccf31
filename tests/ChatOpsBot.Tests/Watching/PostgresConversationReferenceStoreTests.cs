using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>The reference refresh on a real PostgreSQL server, a fresh database per test.</summary>
public sealed class PostgresConversationReferenceStoreTests : ConversationReferenceStoreContractTests, IAsyncLifetime
{
    private readonly PostgresStores _postgres = new();

    public Task InitializeAsync() => _postgres.InitializeAsync();

    public Task DisposeAsync() => _postgres.DisposeAsync();

    protected override SqlWatchStore OpenStore() => _postgres.Open();
}
