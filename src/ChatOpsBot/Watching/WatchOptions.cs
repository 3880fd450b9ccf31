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

    /// <summary>Where watches live: <c>Sqlite</c> (one instance, a file in <see cref="DataFolder"/>) or <c>Postgres</c>
    /// (any number of instances; the connection string is <c>ConnectionStrings:Watches</c>, a secret).</summary>
    public WatchStoreKind Store { get; set; } = WatchStoreKind.Sqlite;

    /// <summary>
    /// How long a round holds the work it claimed. An instance that dies mid-round loses its claims after this, and
    /// another instance takes them over: keep it well above one round's work, and short enough that a crash delays
    /// news little.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the project's job list is read (one call per round across all instances) to find changed jobs.</summary>
    public TimeSpan ListPollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many jobs one claim takes: instances share a round in batches of this size.</summary>
    public int JobsPerClaim { get; set; } = 64;

    /// <summary>A stopped watch stays listed (with why it stopped) this long, then is removed.</summary>
    public TimeSpan DisabledWatchRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The poll interval for a watch of this age (without jitter).</summary>
    public TimeSpan IntervalFor(TimeSpan watchAge) => watchAge < FastPollWindow ? FastPollInterval : PollInterval;
}
