namespace ChatOpsBot.Watching;

/// <summary>Watches a round holds until <see cref="Until"/>; every write about them names <see cref="Token"/>.</summary>
/// <param name="TakenOver">How many of them were held by a claim that lapsed (an instance died or stalled).</param>
public sealed record WatchClaim(string Token, DateTimeOffset Until, IReadOnlyList<Watch> Watches, int TakenOver);
