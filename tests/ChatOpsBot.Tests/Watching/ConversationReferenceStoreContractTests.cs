using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// A conversation that talks to the bot through a new serviceUrl takes its stored references along (watches, news not
/// yet delivered, subscriptions), run against each provider for real: that conversation's only (in a channel, the
/// channel's and all its threads'), that tenant's only, written once however many instances see the move.
/// </summary>
public abstract class ConversationReferenceStoreContractTests
{
    private const string OldUrl = Requests.ServiceUrl;
    private const string NewUrl = "https://smba.trafficmanager.net/amer/";
    private const string Channel = "19:channel1@thread.tacv2";
    private const string Thread1 = Channel + ";messageid=1700000000001";
    private const string Thread2 = Channel + ";messageid=1700000000002";

    // Starts with the channel's id: only the ';' after it says whose thread it is.
    private const string LookAlikeThread = "19:channel10@thread.tacv2;messageid=1700000000003";
    private const string Chat = "a:1-personal-chat";

    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>A store over fresh, empty storage; another instance over the same storage at each call within one test.</summary>
    protected abstract SqlWatchStore OpenStore();

    [Fact]
    public async Task A_new_serviceUrl_moves_every_reference_of_that_conversation_and_no_other()
    {
        var store = OpenStore();
        await AddWatchAsync(store, Thread1, "job-ends");
        await AddWatchAsync(store, Thread1, "job-runs");
        await AddWatchAsync(store, Thread2, "job-runs");
        await AddWatchAsync(store, LookAlikeThread, "job-ends");
        await AddWatchAsync(store, Chat, "job-ends");
        await store.AddSubscriptionAsync(Subscriptions.Make(Channel, Now), 10, Ct);
        await store.AddSubscriptionAsync(Subscriptions.Make("19:channel10@thread.tacv2", Now), 10, Ct);
        // job-ends ends everywhere: its watches go, and only the news' own copies say where its last news goes.
        var claim = await store.ClaimDueAsync(Now, Lease, 10, Ct);
        var end = new JobNotification(JobNotificationKind.JobFinished, "✅ Job job-ends finished", EndsWatch: true, null);
        await store.RecordAsync(claim, [.. claim.Watches.Select(w => w.JobId == "job-ends"
            ? new WatchUpdate(w, WatchChange.Remove, null, Now, end)
            : new WatchUpdate(w, WatchChange.Keep, null, Now.AddMinutes(1)))], Now, Ct);

        // Typed in another thread of the channel.
        var changed = await store.RefreshServiceUrlAsync(Thread2, Requests.TenantId, NewUrl, Ct);

        // Two watches, one piece of news, one subscription.
        Assert.Equal(4, changed);
        foreach (var conversation in new[] { Thread1, Thread2 })
        {
            var watch = (await store.GetAsync(conversation, "job-runs", Ct))!;
            Assert.Equal(NewUrl, watch.ServiceUrl);
            Assert.Equal(NewUrl, ServiceUrlIn(watch.ConversationReference));
            // Everything else in the reference is as it was.
            Assert.Equal(conversation, JsonNode.Parse(watch.ConversationReference)!["conversation"]!["id"]!.GetValue<string>());
            Assert.Equal("msteams", JsonNode.Parse(watch.ConversationReference)!["channelId"]!.GetValue<string>());
        }
        var news = (await store.ClaimDeliveriesAsync(Now, Lease, 10, Ct, recordedUnder: claim.Token)).ToDictionary(d => d.Target.ConversationId);
        Assert.Equal([LookAlikeThread, Thread1, Chat], news.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(NewUrl, news[Thread1].Target.ServiceUrl);
        Assert.Equal(NewUrl, ServiceUrlIn(news[Thread1].Target.ConversationReference));
        Assert.Equal(OldUrl, news[LookAlikeThread].Target.ServiceUrl);
        Assert.Equal(OldUrl, ServiceUrlIn(news[LookAlikeThread].Target.ConversationReference));
        Assert.Equal(OldUrl, news[Chat].Target.ServiceUrl);
        var subscription = Assert.Single(await store.ListSubscriptionsAsync(Channel, Ct));
        Assert.Equal(NewUrl, subscription.ServiceUrl);
        Assert.Equal(NewUrl, ServiceUrlIn(subscription.ConversationReference));
        Assert.Equal(Channel, JsonNode.Parse(subscription.ConversationReference)!["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal(OldUrl, Assert.Single(await store.ListSubscriptionsAsync("19:channel10@thread.tacv2", Ct)).ServiceUrl);
    }

    [Fact]
    public async Task The_serviceUrl_already_stored_changes_nothing_and_a_move_is_written_once()
    {
        var store = OpenStore();
        await AddWatchAsync(store, Chat, "job-a");

        var same = await store.RefreshServiceUrlAsync(Chat, Requests.TenantId, OldUrl, Ct);
        var moved = await store.RefreshServiceUrlAsync(Chat, Requests.TenantId, NewUrl, Ct);
        var again = await store.RefreshServiceUrlAsync(Chat, Requests.TenantId, NewUrl, Ct);

        Assert.Equal([0, 1, 0], new[] { same, moved, again });
        Assert.Equal(NewUrl, (await store.GetAsync(Chat, "job-a", Ct))!.ServiceUrl);
    }

    [Fact]
    public async Task References_kept_for_another_tenant_are_left_alone()
    {
        var store = OpenStore();
        await AddWatchAsync(store, Chat, "job-a");

        var changed = await store.RefreshServiceUrlAsync(Chat, "another-tenant", NewUrl, Ct);
        var withoutTenant = await store.RefreshServiceUrlAsync(Chat, null, NewUrl, Ct);

        Assert.Equal(0, changed);
        Assert.Equal(0, withoutTenant);
        var watch = (await store.GetAsync(Chat, "job-a", Ct))!;
        Assert.Equal(OldUrl, watch.ServiceUrl);
        Assert.Equal(OldUrl, ServiceUrlIn(watch.ConversationReference));
    }

    [Fact]
    public async Task Instances_that_see_the_same_move_at_once_write_each_reference_once()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => OpenStore()).ToList();
        for (var i = 0; i < 10; i++)
        {
            await AddWatchAsync(stores[0], Thread1, $"job-{i}");
        }
        await stores[0].AddSubscriptionAsync(Subscriptions.Make(Channel, Now), 10, Ct);

        var changed = await Task.WhenAll(stores.Select(s => Task.Run(() => s.RefreshServiceUrlAsync(Thread2, Requests.TenantId, NewUrl, Ct))));

        Assert.Equal(11, changed.Sum());
        Assert.All(await stores[3].ListByConversationAsync(Thread1, Ct), w => Assert.Equal(NewUrl, ServiceUrlIn(w.ConversationReference)));
    }

    private static async Task AddWatchAsync(SqlWatchStore store, string conversationId, string jobId) =>
        Assert.Equal(AddWatchOutcome.Added, (await store.AddAsync(Requests.Watch(conversationId, jobId, Now), Ct)).Outcome);

    private static string? ServiceUrlIn(string referenceJson) => JsonNode.Parse(referenceJson)?["serviceUrl"]?.GetValue<string>();
}
