using ChatOpsBot.Bot;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// Which turns ask the store to move a conversation's references: a serviceUrl not seen lately for that conversation
/// (in a channel, for any of its threads), from a turn the bot accepts. The same serviceUrl again costs nothing.
/// </summary>
public sealed class ConversationReferenceRefresherTests
{
    private const string UrlA = "http://127.0.0.1:50001/_connector";
    private const string UrlB = "http://127.0.0.1:50002/_connector";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingStore _store = new();

    [Fact]
    public async Task The_same_serviceUrl_again_asks_the_store_once_until_it_is_no_longer_remembered()
    {
        var refresher = Refresher();

        await refresher.RefreshAsync(Message("19:general@thread.tacv2;messageid=1", UrlA), CancellationToken.None);
        await refresher.RefreshAsync(Message("19:general@thread.tacv2;messageid=1", UrlA), CancellationToken.None);
        // Another thread of the same channel: the same conversation.
        await refresher.RefreshAsync(Message("19:general@thread.tacv2;messageid=2", UrlA), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(4));
        await refresher.RefreshAsync(Message("19:general@thread.tacv2", UrlA), CancellationToken.None);
        Assert.Single(_store.Calls);

        _clock.Advance(TimeSpan.FromMinutes(2));
        await refresher.RefreshAsync(Message("19:general@thread.tacv2;messageid=1", UrlA), CancellationToken.None);

        Assert.Equal(
            [("19:general@thread.tacv2;messageid=1", Tenant, UrlA), ("19:general@thread.tacv2;messageid=1", Tenant, UrlA)],
            _store.Calls);
    }

    [Fact]
    public async Task A_new_serviceUrl_or_another_conversation_asks_the_store_at_once()
    {
        var refresher = Refresher();

        await refresher.RefreshAsync(Message("a:chat-1", UrlA), CancellationToken.None);
        await refresher.RefreshAsync(Message("a:chat-1", UrlB), CancellationToken.None);
        await refresher.RefreshAsync(Message("a:chat-2", UrlB), CancellationToken.None);
        await refresher.RefreshAsync(Message("a:chat-1", UrlA), CancellationToken.None);

        Assert.Equal([("a:chat-1", Tenant, UrlA), ("a:chat-1", Tenant, UrlB), ("a:chat-2", Tenant, UrlB), ("a:chat-1", Tenant, UrlA)], _store.Calls);
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_is_asked_again_at_the_next_turn()
    {
        var refresher = Refresher();
        _store.Unavailable = true;

        await refresher.RefreshAsync(Message("a:chat-1", UrlA), CancellationToken.None);
        _store.Unavailable = false;
        await refresher.RefreshAsync(Message("a:chat-1", UrlA), CancellationToken.None);
        await refresher.RefreshAsync(Message("a:chat-1", UrlA), CancellationToken.None);

        Assert.Equal(2, _store.Calls.Count);
    }

    [Fact]
    public async Task A_turn_the_bot_refuses_moves_nothing()
    {
        var refresher = Refresher(allowedTenant: Tenant);
        var otherTenant = Message("a:chat-1", UrlB);
        otherTenant.Conversation.TenantId = "another-tenant";

        await refresher.RefreshAsync(otherTenant, CancellationToken.None);
        // Not loopback: in Development without an app id, not a serviceUrl the bot would post to.
        await refresher.RefreshAsync(Message("a:chat-1", "https://attacker.example/_connector"), CancellationToken.None);

        Assert.Empty(_store.Calls);
    }

    private ConversationReferenceRefresher Refresher(string? allowedTenant = null)
    {
        var access = new AccessPolicyOptions();
        if (allowedTenant is not null)
        {
            access.AllowedTenantIds.Add(allowedTenant);
        }
        var serviceUrls = new ServiceUrlPolicy(new StaticOptions<BotOptions>(new BotOptions()),
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MicrosoftAppId"] = "" }).Build(),
            new DevelopmentEnvironment());
        return new ConversationReferenceRefresher(_store, new AccessPolicy(new StaticOptions<AccessPolicyOptions>(access)), serviceUrls, _clock,
            NullLogger<ConversationReferenceRefresher>.Instance);
    }

    private static Activity Message(string conversationId, string serviceUrl) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount(id: conversationId, tenantId: Tenant),
        From = new ChannelAccount("29:1-ada", "Ada Lovelace", aadObjectId: "aad-ada"),
    };

    private sealed class CountingStore : IConversationReferenceStore
    {
        public List<(string ConversationId, string? TenantId, string ServiceUrl)> Calls { get; } = [];

        public bool Unavailable { get; set; }

        public Task<int> RefreshServiceUrlAsync(string conversationId, string? tenantId, string serviceUrl, CancellationToken cancellationToken)
        {
            Calls.Add((conversationId, tenantId, serviceUrl));
            return Unavailable ? throw new WatchStoreUnavailableException("the test's store is down", new TimeoutException()) : Task.FromResult(0);
        }
    }

    private sealed class StaticOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "ChatOpsBot";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
