namespace ChatOpsBot.Watching;

/// <param name="Watch">The new watch (Added) or the existing one (AlreadyWatching); null otherwise.</param>
/// <param name="Limit">The per-conversation limit in force.</param>
/// <param name="JobEndedText">For JobAlreadyEnded: one line saying how the job ended, ready to show.</param>
public sealed record AddWatchResult(AddWatchOutcome Outcome, Watch? Watch, int Limit, string? JobEndedText = null);
