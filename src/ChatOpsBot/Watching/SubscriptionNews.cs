using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// News of a job for a subscription, with the job as read: failed tasks its conversation was not told of
/// (<see cref="NewKeys"/>), or (<see cref="Kind"/> <see cref="SubscriptionNewsKind.Ended"/>) the end of a job it told of.
/// <see cref="PostActivityId"/> is the post that opened the job's thread there, null for its first news.
/// </summary>
public sealed record SubscriptionNews(Subscription Subscription, LiteServerJob Job, IReadOnlyList<ulong> NewKeys, string? PostActivityId,
    SubscriptionNewsKind Kind = SubscriptionNewsKind.Failures);
