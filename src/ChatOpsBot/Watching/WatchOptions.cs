namespace ChatOpsBot.Watching;

/// <summary>The <c>Watching</c> configuration section. Durations are written <c>hh:mm:ss</c> or <c>d.hh:mm:ss</c>.</summary>
public sealed class WatchOptions
{
    public const string SectionName = "Watching";

    /// <summary>How often a watched job is polled once its watch is past <see cref="FastPollWindow"/>.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a job is polled just after the watch starts, when a failure is most likely to be watched for.</summary>
    public TimeSpan FastPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan FastPollWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many jobs are fetched at once.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>A watch this old ends, with a short notice saying so and how to watch again.</summary>
    public TimeSpan MaxWatchAge { get; set; } = TimeSpan.FromDays(7);

    public int MaxWatchesPerConversation { get; set; } = 50;

    /// <summary>
    /// The folder of <c>watches.db</c>; a relative path is taken from the content root. Empty: a per-user application
    /// data folder, which a redeploy of the binaries leaves alone (see <see cref="WatchDataFolder"/>).
    /// </summary>
    public string DataFolder { get; set; } = "";

    /// <summary>The poll interval for a watch of this age (without jitter).</summary>
    public TimeSpan IntervalFor(TimeSpan watchAge) => watchAge < FastPollWindow ? FastPollInterval : PollInterval;
}
