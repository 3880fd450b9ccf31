namespace ChatOpsBot.Cards;

/// <summary>Which watch button a job card shows: none, Watch (not yet watched here) or Unwatch (watched here).</summary>
public enum WatchButton
{
    Hidden,
    Watch,
    Unwatch,
}
