using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Posts to a watch's conversation. Implemented at the Bot edge (proactive <c>ContinueConversationAsync</c> with the
/// stored conversation reference); Watching knows no Bot Framework type. Report failures as outcomes rather than
/// exceptions (an exception counts as <see cref="NotifyOutcomeKind.Failed"/>).
/// </summary>
public interface IWatchNotifier
{
    /// <summary>
    /// Posts <see cref="JobNotification.Text"/> as a new message (the text is the preview), and may refresh the
    /// watch's card from <paramref name="job"/> too.
    /// </summary>
    /// <param name="job">The job as just read; null when it could not be read (JobNotVisible, WatchExpired).</param>
    Task<NotifyOutcome> NotifyAsync(Watch watch, JobNotification notification, LiteServerJob? job, CancellationToken cancellationToken);

    /// <summary>
    /// The job changed without news (progress): update the card message <see cref="Watch.CardActivityId"/> in
    /// place, posting nothing. Called only for watches that have a card.
    /// </summary>
    Task<NotifyOutcome> UpdateCardAsync(Watch watch, LiteServerJob job, CancellationToken cancellationToken);
}
