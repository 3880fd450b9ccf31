using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// A burst window of one subscribed conversation and its digest: the jobs that joined it after the first
/// <c>postedAlone</c> posted on their own, in the order they joined, each row as its latest news found it.
/// </summary>
/// <param name="PostActivityId">The digest's post (the thread of its jobs); null until it has gone out.</param>
public sealed record SubscriptionDigest(long Id, DateTimeOffset WindowStart, TimeSpan Window, string? PostActivityId,
    IReadOnlyList<LiteServerJobSummary> Jobs);
