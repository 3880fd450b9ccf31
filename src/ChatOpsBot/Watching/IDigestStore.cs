using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Burst windows and their digests, per subscribed conversation, in the watch store's storage. Every decision is taken
/// under the conversation's lock and kept with the job, so instances racing agree, a retry or a restart gets the same
/// answer, and one window never opens two digests.
/// </summary>
public interface IDigestStore
{
    /// <summary>
    /// Places the first news of <paramref name="row"/>'s job for <paramref name="subscription"/>: the first time, it joins the
    /// conversation's open window (one that started at most <paramref name="window"/> before <paramref name="now"/>) or
    /// starts one; its position there decides. The first <paramref name="postedAlone"/> post alone; the next ones are the
    /// digest's: the first delivery to ask while the digest has no post (or whose lease on posting it lapsed) gets
    /// <see cref="DigestPlacementKind.OpenDigest"/> with a lease of <paramref name="lease"/>; others wait until it is posted,
    /// then update it. Asked again (a retry), the job keeps its place and its row is refreshed.
    /// </summary>
    Task<DigestPlacement> PlaceFirstNewsAsync(Subscription subscription, LiteServerJobSummary row, TimeSpan window, int postedAlone,
        DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// After posting the digest: keeps <paramref name="postActivityId"/> as its post and thread (a post already kept wins:
    /// that is the one its jobs point at) and releases the lease; with null (the post failed) only releases the lease.
    /// Returns the digest's post id, if it has one.
    /// </summary>
    Task<string?> RecordDigestPostAsync(Subscription subscription, long digestId, string openingToken, string? postActivityId,
        CancellationToken cancellationToken);

    /// <summary>
    /// Later news of a job: when the job is in a posted digest of <paramref name="subscription"/>, refreshes its row and
    /// returns the digest; null when it is not (its news goes to its own post).
    /// </summary>
    Task<SubscriptionDigest?> RefreshDigestRowAsync(Subscription subscription, LiteServerJobSummary row, int postedAlone,
        CancellationToken cancellationToken);
}
