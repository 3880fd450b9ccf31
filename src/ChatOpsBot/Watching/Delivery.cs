namespace ChatOpsBot.Watching;

/// <summary>
/// A piece of news recorded for a conversation and claimed for sending. <see cref="Target"/> carries what the notifier
/// needs to post (the conversation reference, the card to refresh, the people to mention): the watch's as they are when
/// the news is claimed, or, once the watch is gone (the end of a job removes it), the copies made when the news was
/// recorded, so a delivery outlives the watch it came from.
/// </summary>
/// <param name="Attempts">Attempts so far, this one included.</param>
public sealed record Delivery(long Id, Watch Target, JobNotification News, string ClaimToken, int Attempts);
