using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// A job matching a subscription has failed tasks its conversation was not told of: <see cref="NewKeys"/> of them.
/// <see cref="PostActivityId"/> is the post that opened the job's thread there, null for its first news.
/// </summary>
public sealed record SubscriptionNews(Subscription Subscription, LiteServerJob Job, IReadOnlyList<ulong> NewKeys, string? PostActivityId);
