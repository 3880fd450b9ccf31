using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Posts a subscription's news (implemented at the Bot edge). The first news of a job opens one top-level post and
/// returns its id; later news goes into that post's thread and updates its card. Failures are outcomes, not exceptions.
/// </summary>
public interface ISubscriptionNotifier
{
    Task<(NotifyOutcome Outcome, string? PostActivityId)> PostFirstAsync(Subscription subscription, LiteServerJob job, string text,
        CancellationToken cancellationToken);

    /// <summary>Later news: a reply in the job's thread, and the post's card updated to <paramref name="job"/> (null: left as it was).</summary>
    Task<NotifyOutcome> PostLaterAsync(Subscription subscription, LiteServerJob? job, string text, string postActivityId,
        CancellationToken cancellationToken);
}
