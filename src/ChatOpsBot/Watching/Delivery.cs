namespace ChatOpsBot.Watching;

/// <summary>
/// A piece of news recorded for a conversation and claimed for sending. <see cref="Target"/> carries what the notifier
/// needs to post (the conversation reference, the card to refresh), copied when the news was recorded, so a delivery
/// outlives the watch it came from (the end of a job removes the watch).
/// </summary>
/// <param name="Attempts">Attempts so far, this one included.</param>
public sealed record Delivery(long Id, Watch Target, JobNotification News, string ClaimToken, int Attempts);
