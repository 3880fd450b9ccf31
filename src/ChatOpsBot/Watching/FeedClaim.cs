namespace ChatOpsBot.Watching;

/// <summary>
/// The project's feed, held by one round of one instance until <see cref="Until"/>: the rows the last list call left
/// (by job id), and whether that answer said it had more pages than it sent. Writes about it name <see cref="Token"/>.
/// </summary>
public sealed record FeedClaim(string Token, DateTimeOffset Until, IReadOnlyDictionary<string, FeedRow> Rows, bool EverListed, bool MorePages);
