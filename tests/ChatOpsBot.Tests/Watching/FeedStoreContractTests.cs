using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The project feed, on each provider for real: one holder per round across instances, a lapsed claim taken over, the
/// rows kept to compare with the next answer, and a write from a lost claim changing nothing.
/// </summary>
public abstract class FeedStoreContractTests
{
    private const string Project = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Stores over the same fresh storage, as separate instances would have.</summary>
    protected abstract IFeedStore OpenStore();

    [Fact]
    public async Task The_first_claim_has_no_rows_and_a_second_instance_gets_none_while_it_is_held()
    {
        var one = OpenStore();
        var two = OpenStore();

        var claim = await one.ClaimFeedAsync(Project, Now, Lease, Ct);
        var other = await two.ClaimFeedAsync(Project, Now.AddSeconds(1), Lease, Ct);

        Assert.NotNull(claim);
        Assert.Empty(claim.Rows);
        Assert.False(claim.EverListed);
        Assert.Null(other);
    }

    [Fact]
    public async Task Concurrent_claims_give_the_feed_to_exactly_one_instance()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => OpenStore()).ToList();

        var claims = await Task.WhenAll(stores.Select(s => Task.Run(() => s.ClaimFeedAsync(Project, Now, Lease, Ct))));

        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task Recorded_rows_come_back_with_the_next_claim_once_it_is_due()
    {
        var store = OpenStore();
        var claim = (await store.ClaimFeedAsync(Project, Now, Lease, Ct))!;
        FeedRow[] rows = [new("job-a", 2, "PROCESSING", 1_772_000_000_000), new("job-b", null, null, null), new("job-c", 0, "FINISHED", 5)];

        Assert.True(await store.RecordFeedAsync(Project, claim.Token, rows, [], [], morePages: true, Now.AddMinutes(1), Ct));
        var early = await store.ClaimFeedAsync(Project, Now.AddSeconds(59), Lease, Ct);
        var next = (await store.ClaimFeedAsync(Project, Now.AddMinutes(1), Lease, Ct))!;

        Assert.Null(early);
        Assert.True(next.EverListed);
        Assert.True(next.MorePages);
        Assert.True(await store.FeedHasMorePagesAsync(Project, Ct));
        Assert.Equal(rows.ToDictionary(r => r.JobId), next.Rows);

        Assert.True(await store.RecordFeedAsync(Project, next.Token, [new("job-a", 3, "PROCESSING", 1_772_000_060_000)], ["job-c"], [],
            morePages: false, Now.AddMinutes(2), Ct));
        var third = (await store.ClaimFeedAsync(Project, Now.AddMinutes(2), Lease, Ct))!;
        Assert.Equal([new FeedRow("job-a", 3, "PROCESSING", 1_772_000_060_000), new FeedRow("job-b", null, null, null)],
            third.Rows.Values.OrderBy(r => r.JobId));
        Assert.False(await store.FeedHasMorePagesAsync(Project, Ct));
    }

    [Fact]
    public async Task A_lapsed_claim_is_taken_over_and_the_stalled_holder_writes_nothing()
    {
        var stalled = OpenStore();
        var other = OpenStore();
        var first = (await stalled.ClaimFeedAsync(Project, Now, Lease, Ct))!;

        var takeover = await other.ClaimFeedAsync(Project, Now + Lease + TimeSpan.FromSeconds(1), Lease, Ct);
        var late = await stalled.RecordFeedAsync(Project, first.Token, [new("job-a", 1, "PROCESSING", 1)], [], [], false, Now.AddMinutes(1), Ct);

        Assert.NotNull(takeover);
        Assert.False(late);
        Assert.True(await other.RecordFeedAsync(Project, takeover.Token, [], [], [], false, Now.AddMinutes(5), Ct));
        Assert.Empty((await other.ClaimFeedAsync(Project, Now.AddMinutes(5), Lease, Ct))!.Rows);
    }
}
