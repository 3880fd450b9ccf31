namespace ChatOpsBot.Watching;

/// <summary>What a round does to a watch it claimed.</summary>
public enum WatchChange
{
    /// <summary>Keeps watching: the snapshot (when read) and the next poll are recorded.</summary>
    Keep,

    /// <summary>The job ended or the watch expired: the watch goes (its last news, if any, is still delivered).</summary>
    Remove,

    /// <summary>Stops polling for good, with a reason; the watch stays listed until purged.</summary>
    Disable,
}
