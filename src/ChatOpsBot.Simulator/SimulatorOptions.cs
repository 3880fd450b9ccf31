namespace ChatOpsBot.Simulator;

/// <summary>What the simulated gateway accepts and how it behaves. The credentials are the simulator's own.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>The only access key the simulated gateway knows.</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>When set, requests must carry it as <c>X-Security-Token</c> (temporary credentials).</summary>
    public string? SecurityToken { get; set; }

    /// <summary>When set, only this project exists; other projects answer 404.</summary>
    public string? ProjectId { get; set; }

    /// <summary>The gateway refuses a signature date further than this from its clock.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Added to every answer, to play a real region's round trip (benchmarks use 50 ms).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How many generated jobs (<c>project-job-00001</c>…) the project has besides the fixtures and histories, up to
    /// 100,000: a large project for tests and benchmarks of the list API.
    /// </summary>
    public int ProjectJobs { get; set; }

    /// <summary>
    /// 0: the list API answers every matching row in one page. Otherwise it sends only the first page of this many
    /// rows, and says how many pages there are (the documented API has no parameter to ask for the others).
    /// </summary>
    public int ListPageSize { get; set; }

    /// <summary>
    /// How many times faster than written the project history runs (<see cref="ProjectHistory.Builtin"/>): 1 as in the
    /// README's table, 10 for its twelve minutes in 72 seconds. Above 0, at most <see cref="ProjectHistory.MaxSpeed"/>.
    /// </summary>
    public double ProjectHistorySpeed { get; set; } = 1;

    /// <summary>How long the <c>job-slow</c> fixture keeps the caller waiting.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);
}
