using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// Burst windows and their digests, on each provider for real, with separate store instances as separate bot instances
/// (or a restarted one) would have: the first three jobs of a window alone, the fourth opens the digest, later ones
/// update it; a job keeps its place when asked again; racing instances open one digest.
/// </summary>
public abstract class DigestStoreContractTests
{
    private const int Alone = 3;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Stores over the same fresh storage, as separate instances would have.</summary>
    protected abstract SqlWatchStore OpenStore();

    [Fact]
    public async Task The_first_three_jobs_of_a_window_post_alone_the_fourth_opens_the_digest_and_the_fifth_updates_it()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, Subscriptions.ChannelId(1));

        var first = await PlaceAsync(store, subscription, 1, Now);
        var second = await PlaceAsync(store, subscription, 2, Now.AddSeconds(20));
        var third = await PlaceAsync(store, subscription, 3, Now.AddSeconds(40));
        var fourth = await PlaceAsync(OpenStore(), subscription, 4, Now.AddSeconds(60));

        Assert.Equal([DigestPlacementKind.Alone, DigestPlacementKind.Alone, DigestPlacementKind.Alone], [first.Kind, second.Kind, third.Kind]);
        Assert.Equal(DigestPlacementKind.OpenDigest, fourth.Kind);
        Assert.NotNull(fourth.OpeningToken);
        var digest = fourth.Digest!;
        Assert.Equal((Now, Window, (string?)null), (digest.WindowStart, digest.Window, digest.PostActivityId));
        Assert.Equal([Row(4)], digest.Jobs);

        Assert.Equal("digest-post", await store.RecordDigestPostAsync(subscription, digest.Id, fourth.OpeningToken!, "digest-post", Ct));
        var fifth = await PlaceAsync(OpenStore(), subscription, 5, Now.AddSeconds(90));

        Assert.Equal(DigestPlacementKind.UpdateDigest, fifth.Kind);
        Assert.Equal(digest.Id, fifth.Digest!.Id);
        Assert.Equal("digest-post", fifth.Digest.PostActivityId);
        Assert.Equal([Row(4), Row(5)], fifth.Digest.Jobs);
    }

    [Fact]
    public async Task The_window_includes_its_end_and_a_job_after_it_opens_a_new_window()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, Subscriptions.ChannelId(1));
        for (var n = 1; n <= 3; n++)
        {
            await PlaceAsync(store, subscription, n, Now);
        }

        var atTheEnd = await PlaceAsync(store, subscription, 4, Now + Window);
        var after = await PlaceAsync(store, subscription, 5, Now + Window + TimeSpan.FromMilliseconds(1));
        var next = await PlaceAsync(store, subscription, 6, Now + Window + TimeSpan.FromSeconds(30));

        Assert.Equal(DigestPlacementKind.OpenDigest, atTheEnd.Kind);
        Assert.Equal(DigestPlacementKind.Alone, after.Kind);
        Assert.Equal(DigestPlacementKind.Alone, next.Kind);
    }

    [Fact]
    public async Task Asked_again_after_a_restart_a_job_keeps_its_place_and_a_failed_digest_post_is_opened_again()
    {
        var subscription = await SubscribeAsync(OpenStore(), Subscriptions.ChannelId(1));
        for (var n = 1; n <= 3; n++)
        {
            await PlaceAsync(OpenStore(), subscription, n, Now);
        }
        var again = await PlaceAsync(OpenStore(), subscription, 1, Now.AddSeconds(30));
        var opening = await PlaceAsync(OpenStore(), subscription, 4, Now.AddSeconds(40));

        Assert.Equal(DigestPlacementKind.Alone, again.Kind);
        Assert.Equal(DigestPlacementKind.OpenDigest, opening.Kind);

        // The post failed: the lease goes back and the retry opens it again, still as the window's first digest job.
        Assert.Null(await OpenStore().RecordDigestPostAsync(subscription, opening.Digest!.Id, opening.OpeningToken!, null, Ct));
        var retry = await PlaceAsync(OpenStore(), subscription, 4, Now.AddSeconds(55));

        Assert.Equal(DigestPlacementKind.OpenDigest, retry.Kind);
        Assert.Equal(opening.Digest.Id, retry.Digest!.Id);
        Assert.Equal([Row(4)], retry.Digest.Jobs);
    }

    [Fact]
    public async Task While_one_delivery_posts_the_digest_another_waits_and_a_lapsed_lease_is_taken_over()
    {
        var subscription = await SubscribeAsync(OpenStore(), Subscriptions.ChannelId(1));
        for (var n = 1; n <= 3; n++)
        {
            await PlaceAsync(OpenStore(), subscription, n, Now);
        }
        var opener = await PlaceAsync(OpenStore(), subscription, 4, Now.AddSeconds(10));

        var waiting = await PlaceAsync(OpenStore(), subscription, 5, Now.AddSeconds(11));
        var takeover = await PlaceAsync(OpenStore(), subscription, 5, Now.AddSeconds(10) + Lease + TimeSpan.FromSeconds(1));

        Assert.Equal(DigestPlacementKind.OpenDigest, opener.Kind);
        Assert.Equal(DigestPlacementKind.Wait, waiting.Kind);
        Assert.Equal(DigestPlacementKind.OpenDigest, takeover.Kind);
        Assert.Equal([Row(4), Row(5)], takeover.Digest!.Jobs);

        // Both posted (the stalled one was alive after all): the first post kept stays the thread.
        Assert.Equal("post-b", await OpenStore().RecordDigestPostAsync(subscription, takeover.Digest.Id, takeover.OpeningToken!, "post-b", Ct));
        Assert.Equal("post-b", await OpenStore().RecordDigestPostAsync(subscription, opener.Digest!.Id, opener.OpeningToken!, "post-a", Ct));
    }

    [Fact]
    public async Task Instances_racing_over_one_window_open_exactly_one_digest_and_the_others_then_update_it()
    {
        var subscription = await SubscribeAsync(OpenStore(), Subscriptions.ChannelId(1));
        for (var n = 1; n <= 3; n++)
        {
            await PlaceAsync(OpenStore(), subscription, n, Now);
        }
        var stores = Enumerable.Range(0, 6).Select(_ => OpenStore()).ToList();

        var placements = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => PlaceAsync(s, subscription, 4 + i, Now.AddSeconds(30)))));

        var opener = Assert.Single(placements, p => p.Kind == DigestPlacementKind.OpenDigest);
        Assert.All(placements.Where(p => !ReferenceEquals(p, opener)), p => Assert.Equal(DigestPlacementKind.Wait, p.Kind));
        await stores[0].RecordDigestPostAsync(subscription, opener.Digest!.Id, opener.OpeningToken!, "digest-post", Ct);
        var updates = new List<DigestPlacement>();
        for (var n = 4; n <= 9; n++)
        {
            updates.Add(await PlaceAsync(stores[n % stores.Count], subscription, n, Now.AddSeconds(45)));
        }
        Assert.All(updates, u => Assert.Equal(DigestPlacementKind.UpdateDigest, u.Kind));
        // Each job was counted once: six digest rows, and the window's next job is its tenth.
        Assert.Equal(6, updates[^1].Digest!.Jobs.Select(j => j.Id).Distinct().Count());
        Assert.Equal(DigestPlacementKind.UpdateDigest, (await PlaceAsync(OpenStore(), subscription, 10, Now.AddSeconds(50))).Kind);
        Assert.Equal(7, (await PlaceAsync(OpenStore(), subscription, 10, Now.AddSeconds(50))).Digest!.Jobs.Count);
    }

    [Fact]
    public async Task A_window_belongs_to_the_conversation_its_subscriptions_share_and_other_conversations_have_their_own()
    {
        var store = OpenStore();
        var names = await SubscribeAsync(store, Subscriptions.ChannelId(1), prefix: "hdk-");
        var everything = await SubscribeAsync(store, Subscriptions.ChannelId(1));
        var personal = await SubscribeAsync(store, "a:personal-chat");

        await PlaceAsync(store, names, 1, Now);
        await PlaceAsync(store, names, 2, Now);
        await PlaceAsync(store, everything, 3, Now);
        var fourthInTheChannel = await PlaceAsync(store, everything, 4, Now.AddSeconds(5));
        var firstInTheChat = await PlaceAsync(store, personal, 4, Now.AddSeconds(5));

        Assert.Equal(DigestPlacementKind.OpenDigest, fourthInTheChannel.Kind);
        Assert.Equal(DigestPlacementKind.Alone, firstInTheChat.Kind);
    }

    [Fact]
    public async Task Later_news_refreshes_a_digest_jobs_row_and_a_job_posted_alone_is_not_in_the_digest()
    {
        var store = OpenStore();
        var subscription = await SubscribeAsync(store, Subscriptions.ChannelId(1));
        for (var n = 1; n <= 3; n++)
        {
            await PlaceAsync(store, subscription, n, Now);
        }
        var opener = await PlaceAsync(store, subscription, 4, Now);
        var unposted = await OpenStore().RefreshDigestRowAsync(subscription, Row(4), Alone, Ct);
        await store.RecordDigestPostAsync(subscription, opener.Digest!.Id, opener.OpeningToken!, "digest-post", Ct);
        await PlaceAsync(store, subscription, 5, Now);

        var finished = Row(4) with { Status = "FINISHED", AbnormalCount = 6 };
        var refreshed = await OpenStore().RefreshDigestRowAsync(subscription, finished, Alone, Ct);
        var alone = await OpenStore().RefreshDigestRowAsync(subscription, Row(2), Alone, Ct);
        var unknown = await OpenStore().RefreshDigestRowAsync(subscription, Row(42), Alone, Ct);

        Assert.NotNull(unposted);
        Assert.Null(unposted.PostActivityId);
        Assert.Equal([finished, Row(5)], refreshed!.Jobs);
        Assert.Equal("digest-post", refreshed.PostActivityId);
        Assert.Null(alone);
        Assert.Null(unknown);
    }

    private static async Task<Subscription> SubscribeAsync(SqlWatchStore store, string conversationId, string? prefix = null) =>
        (await store.AddSubscriptionAsync(Subscriptions.Make(conversationId, Now.AddHours(-1), prefix), 10, Ct)).Subscription!;

    private static Task<DigestPlacement> PlaceAsync(SqlWatchStore store, Subscription subscription, int job, DateTimeOffset at) =>
        store.PlaceFirstNewsAsync(subscription, Row(job), Window, Alone, at, Lease, Ct);

    private static LiteServerJobSummary Row(int n) => new()
    {
        Id = $"proj-hdk-upgrade-pool-b-{n:00}",
        Name = $"hdk-upgrade-pool-b-{n:00}",
        Type = "ASCEND_HDK_UPGRADE",
        Status = "PROCESSING",
        AbnormalCount = n,
        UpdatedAt = Now.AddSeconds(n),
    };
}
