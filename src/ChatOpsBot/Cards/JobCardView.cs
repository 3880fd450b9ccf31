using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>What a job card shows: the job as the API returned it, its console link, and the watch button.</summary>
public sealed record JobCardView(LiteServerJob Job, Uri ConsoleUrl, WatchButton Watch = WatchButton.Hidden);
