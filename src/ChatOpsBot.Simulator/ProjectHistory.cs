using System.Globalization;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator;

/// <summary>
/// A whole project that changes on the simulator's clock: jobs appear, run, get failed tasks, end, one is deleted, and
/// several fail at once. Its clock starts at the first request that sees it (a list call, or a read of one of its jobs),
/// and every job's steps are timed from there; a job read before it appears is not found.
/// </summary>
public sealed class ProjectHistory(IReadOnlyList<ProjectHistoryJob> jobs)
{
    public const string TrainBertId = "proj-train-bert-large";
    public const string TrainGptId = "proj-train-gpt-small";
    public const string EvalResnetId = "proj-eval-resnet50";
    public const string DataCleanId = "proj-data-clean";
    public const string EnvPrepareId = "proj-env-prepare-llama";
    public const string BurstPrefix = "proj-hdk-upgrade-pool-b-0";
    public const int BurstSize = 5;

    private readonly Lock _gate = new();
    private DateTimeOffset? _startedAt;

    public IReadOnlyList<ProjectHistoryJob> Jobs { get; } = jobs;

    public bool Contains(string jobId) => Jobs.Any(j => j.JobId == jobId);

    /// <summary>The jobs that exist at <paramref name="now"/>, each as it is then.</summary>
    public IEnumerable<LiteServerJob> StatesAt(DateTimeOffset now)
    {
        var (startedAt, elapsed) = Clock(now);
        return Jobs.Where(j => j.Appears <= elapsed).Select(j => State(j, startedAt, elapsed)).ToList();
    }

    /// <summary>The job as it is at <paramref name="now"/>, or null when it has not appeared yet (or is not one of these).</summary>
    public LiteServerJob? StateAt(string jobId, DateTimeOffset now)
    {
        var job = Jobs.FirstOrDefault(j => j.JobId == jobId);
        if (job is null)
        {
            return null;
        }
        var (startedAt, elapsed) = Clock(now);
        return job.Appears <= elapsed ? State(job, startedAt, elapsed) : null;
    }

    public void Reset()
    {
        lock (_gate)
        {
            _startedAt = null;
        }
    }

    private (DateTimeOffset StartedAt, TimeSpan Elapsed) Clock(DateTimeOffset now)
    {
        lock (_gate)
        {
            _startedAt ??= now;
            return (_startedAt.Value, now - _startedAt.Value);
        }
    }

    private static LiteServerJob State(ProjectHistoryJob job, DateTimeOffset startedAt, TimeSpan elapsed)
    {
        var step = job.Steps.Last(s => s.At <= elapsed || s == job.Steps[0]);
        return step.Job(startedAt + step.At);
    }

    /// <summary>The fastest <see cref="Builtin"/> runs: at 1,000 times its twelve minutes last under a second.</summary>
    public const double MaxSpeed = 1000;

    /// <summary>
    /// The built-in project history (minutes from its start; the README's table says the same), run
    /// <paramref name="speed"/> times faster than that: every time in it, counted from its start, is divided by the speed
    /// (at 10, the first failures come 18 seconds after the start, not 3 minutes), so that people and end-to-end tests
    /// need not wait minutes. A job's times (created, updated) are on that same shortened timeline.
    /// <list type="bullet">
    /// <item>0: <c>train-bert-large</c> runs, <c>eval-resnet50</c> finished half an hour ago, <c>data-clean-tmp</c> runs.</item>
    /// <item>1: <c>train-gpt-small</c> appears and runs (it never fails; FINISHED at 10).</item>
    /// <item>2: the five <c>hdk-upgrade-pool-b-0N</c> upgrades appear and run.</item>
    /// <item>3: <c>train-bert-large</c> gets 2 failed tasks; at 5, 2 more with another cause; FINISHED at 9 with 4.</item>
    /// <item>4: <c>env-prepare-llama</c> appears (FINISHED at 12, all succeeded).</item>
    /// <item>6: <c>data-clean-tmp</c> is deleted.</item>
    /// <item>7:00, 7:20, 7:40, 8:00, 8:30: the burst — each pool-b upgrade gets failed tasks; all FINISHED at 11.</item>
    /// </list>
    /// </summary>
    public static ProjectHistory Builtin(double speed = 1)
    {
        if (!(speed > 0 && speed <= MaxSpeed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, $"The project history's speed must be above 0 and at most {MaxSpeed}.");
        }
        // Minutes of the history's timeline, as they pass at this speed.
        TimeSpan At(double minutes) => TimeSpan.FromMinutes(minutes) / speed;
        var jobs = new List<ProjectHistoryJob>
        {
            Script(At, TrainBertId, "train-bert-large", "COMMON", tasks: 16, createdAt: -20,
                (0, "PROCESSING", 6, []),
                (3, "PROCESSING", 8, [(2, Driver)]),
                (5, "PROCESSING", 10, [(2, Driver), (2, Ecc)]),
                (9, "FINISHED", 12, [(2, Driver), (2, Ecc)])),
            Script(At, EvalResnetId, "eval-resnet50", "COMMON", tasks: 4, createdAt: -90,
                (-30, "FINISHED", 4, [])),
            Script(At, DataCleanId, "data-clean-tmp", "COMMON", tasks: 2, createdAt: -5,
                (0, "PROCESSING", 0, []),
                (6, "DELETED", 0, [])),
            Script(At, TrainGptId, "train-gpt-small", "COMMON", tasks: 8, createdAt: 1,
                (1, "PROCESSING", 1, []),
                (4, "PROCESSING", 5, []),
                (10, "FINISHED", 8, [])),
            Script(At, EnvPrepareId, "env-prepare-llama", "ENV_PREPARE", tasks: 6, createdAt: 4,
                (4, "PROCESSING", 0, []),
                (12, "FINISHED", 6, [])),
        };
        double[] burstAt = [7, 7 + (20 / 60.0), 7 + (40 / 60.0), 8, 8.5];
        for (var n = 1; n <= BurstSize; n++)
        {
            var number = n.ToString(CultureInfo.InvariantCulture);
            (int, Func<int, string>)[] failed = n % 2 == 0 ? [(n, Ssh)] : [(n, Driver)];
            jobs.Add(Script(At, BurstPrefix + number, "hdk-upgrade-pool-b-0" + number, "ASCEND_HDK_UPGRADE", tasks: 8, createdAt: 2,
                (2, "PROCESSING", 1, []),
                (burstAt[n - 1], "PROCESSING", 2, failed),
                (11, "FINISHED", 8 - n, failed)));
        }
        return new ProjectHistory(jobs);
    }

    // Messages in the shape ModelArts sends, with the parts that vary from server to server.
    private static string Driver(int node) =>
        Format($"driver install failed on NPU {node % 8}: expected 24.1.0.3, found 23.0.6");

    private static string Ecc(int node) =>
        Format($"NPU health check failed: HBM ECC uncorrectable errors on device {node % 8}");

    private static string Ssh(int node) =>
        Format($"ssh to 192.168.0.{40 + node} timed out after 300 s");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A job's steps: at each (minutes from the history's start) its status, how many tasks succeeded and which failed.
    /// <paramref name="createdAt"/> is in minutes from the history's start too (negative: it existed before).
    /// <paramref name="at"/> turns those minutes into time from the start at the history's speed.
    /// </summary>
    private static ProjectHistoryJob Script(Func<double, TimeSpan> at, string id, string name, string type, int tasks, double createdAt,
        params (double Minutes, string Status, int Done, (int Count, Func<int, string> Message)[] Failed)[] steps) =>
        new(id, [.. steps.Select(step => new HistoryStep(at(step.Minutes), when =>
        {
            var started = when - at(step.Minutes);
            var messages = step.Failed.SelectMany(f => Enumerable.Repeat(f.Message, f.Count)).ToList();
            return new LiteServerJob
            {
                Id = id,
                Name = name,
                Description = "A job of the simulator's project history.",
                Type = type,
                Status = step.Status,
                UserName = "ml_platform",
                AbnormalCount = messages.Count,
                CreatedAt = started + at(createdAt),
                UpdatedAt = when,
                Tasks = [.. Enumerable.Range(1, tasks).Select(n => FixtureJobs.Task(id, n, "liteserver-" + name,
                    n <= messages.Count ? ("FAILED", messages[n - 1](n))
                    : n <= messages.Count + step.Done ? ("SUCCESS", "finished")
                    : ("PROCESSING", "running"), when))],
            };
        }))]);
}
