using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Simulator;

/// <summary>
/// Every job the simulator knows: the JSON fixtures, the generated ones, the scripted histories, the project history
/// (<see cref="ProjectHistory"/>), <see cref="SimulatorOptions.ProjectJobs"/> generated project jobs, and jobs that a
/// test adds at run time. Thread-safe; time comes from the host's <see cref="TimeProvider"/>.
/// </summary>
public sealed class JobCatalog
{
    public const string SeedJobId = "0319470a-7fad-452e-bff0-d3ba3bd83955";
    public const string ManyFailuresJobId = "train-llama-256";
    public const string FleetCheckJobId = "npu-fleet-check-1160";
    public const string RunningJobId = "hdk-upgrade-running";
    public const string OddShapesJobId = "job-odd-shapes";
    public const string NotFoundJobId = "job-not-found";
    public const string ForbiddenJobId = "job-forbidden";
    public const string ThrottledJobId = "job-throttled";
    public const string ServerErrorJobId = "job-server-error";
    public const string SlowJobId = "job-slow";
    public const string MalformedJobId = "job-malformed";
    public const string WrongShapeJobId = "job-wrong-shape";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // A stored job keeps its JSON as written (fixtures keep their odd shapes) and its list row, read once.
    private readonly ConcurrentDictionary<string, (string Json, LiteServerJobSummary Row)> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScriptedHistory> _histories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requestsByPath = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _detailReads = new(StringComparer.Ordinal);
    private readonly ProjectHistory _project;
    private readonly TimeProvider _time;
    private readonly int _projectJobs;
    private readonly DateTimeOffset _projectJobsSince;
    private int _requestCount;
    private int _listRequestCount;
    private int _detailReadCount;

    public JobCatalog(TimeProvider time, IOptions<SimulatorOptions>? options = null)
    {
        _time = time;
        _projectJobs = Math.Clamp(options?.Value.ProjectJobs ?? 0, 0, ProjectJobs.MaxCount);
        _project = ProjectHistory.Builtin(options?.Value.ProjectHistorySpeed ?? 1);
        _projectJobsSince = time.GetUtcNow();
        foreach (var (id, json) in LoadFixtures())
        {
            Store(id, json);
        }
        Store(ManyFailuresJobId, Serialize(FixtureJobs.ManyFailures(time.GetUtcNow())));
        Store(FleetCheckJobId, Serialize(FixtureJobs.FleetCheck(time.GetUtcNow())));
        foreach (var history in ScriptedHistory.Builtin())
        {
            _histories[history.JobId] = history;
        }
    }

    /// <summary>How many API requests reached the simulator (signed or not): tests count ModelArts traffic with it.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>How many list calls (<c>GET …/dev-servers/jobs</c>) reached the simulator.</summary>
    public int ListRequestCount => Volatile.Read(ref _listRequestCount);

    /// <summary>How many detail reads (<c>GET …/dev-servers/jobs/{id}</c>) reached the simulator, of any job.</summary>
    public int DetailReadCount => Volatile.Read(ref _detailReadCount);

    /// <summary>How many detail reads of this one job reached the simulator.</summary>
    public int DetailReadsOf(string jobId) => _detailReads.GetValueOrDefault(jobId);

    /// <summary>Requests by their path as received (no query), e.g. <c>/v1/{project}/dev-servers/jobs</c>.</summary>
    public IReadOnlyDictionary<string, int> RequestsByPath => new Dictionary<string, int>(_requestsByPath, StringComparer.Ordinal);

    internal void CountRequest(string path, string? jobId)
    {
        Interlocked.Increment(ref _requestCount);
        _requestsByPath.AddOrUpdate(path, 1, (_, count) => count + 1);
        if (jobId is null)
        {
            Interlocked.Increment(ref _listRequestCount);
        }
        else
        {
            Interlocked.Increment(ref _detailReadCount);
            _detailReads.AddOrUpdate(jobId, 1, (_, count) => count + 1);
        }
    }

    /// <summary>The ids a person can try, for the standalone simulator's start page and the README.</summary>
    public IReadOnlyCollection<string> KnownJobIds =>
        [.. _jobs.Keys.Concat(_histories.Keys).Concat(_project.Jobs.Select(j => j.JobId)).Order(StringComparer.Ordinal)];

    public SimulatedAnswer Find(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return jobId switch
        {
            NotFoundJobId => new SimulatedAnswer.Failure(SimulatedError.JobNotFound(jobId)),
            ForbiddenJobId => new SimulatedAnswer.Failure(new SimulatedError(HttpStatusCode.Forbidden, "ModelArts.0203",
                "Permission denied: the user has no permission to view this Lite Server job")),
            ThrottledJobId => new SimulatedAnswer.Failure(new SimulatedError(HttpStatusCode.TooManyRequests, "APIGW.0308",
                "The throttling threshold has been reached: policy user over ratelimit, limit:20, time:1 minute", RetryAfterSeconds: 7)),
            ServerErrorJobId => new SimulatedAnswer.Failure(new SimulatedError(HttpStatusCode.InternalServerError, "ModelArts.0010",
                "Internal server error")),
            SlowJobId => new SimulatedAnswer.Slow(_jobs[SeedJobId].Json),
            MalformedJobId => new SimulatedAnswer.Raw(HttpStatusCode.OK, "text/html", "<html><body>502 Bad Gateway</body></html>"),
            WrongShapeJobId => new SimulatedAnswer.Raw(HttpStatusCode.OK, "application/json", "[{\"id\":\"job-wrong-shape\"}]"),
            _ when _histories.TryGetValue(jobId, out var history) => new SimulatedAnswer.Job(Serialize(history.StateAt(_time.GetUtcNow()))),
            _ when _jobs.TryGetValue(jobId, out var stored) => new SimulatedAnswer.Job(stored.Json),
            _ when _project.Contains(jobId) => _project.StateAt(jobId, _time.GetUtcNow()) is { } now
                ? new SimulatedAnswer.Job(Serialize(now))
                : new SimulatedAnswer.Failure(SimulatedError.JobNotFound(jobId)),
            _ when ProjectJobs.TryCreate(jobId, _projectJobs, _projectJobsSince, out var generated) => new SimulatedAnswer.Job(Serialize(generated)),
            _ when SyntheticJobs.TryCreate(jobId, _time.GetUtcNow(), out var synthetic) => new SimulatedAnswer.Job(Serialize(synthetic)),
            _ => new SimulatedAnswer.Failure(SimulatedError.JobNotFound(jobId)),
        };
    }

    /// <summary>
    /// The rows the list API shows: fixtures, added jobs, every history and the project history as they are now, and
    /// the generated project jobs (no error ids, no synthetic ones). A row is what a detail read of the job says.
    /// </summary>
    public IEnumerable<LiteServerJobSummary> ListedJobs()
    {
        var now = _time.GetUtcNow();
        foreach (var stored in _jobs.Values)
        {
            yield return stored.Row;
        }
        foreach (var history in _histories.Values)
        {
            yield return RowOf(history.StateAt(now));
        }
        foreach (var job in _project.StatesAt(now))
        {
            if (!_jobs.ContainsKey(job.Id!))
            {
                yield return RowOf(job);
            }
        }
        foreach (var row in ProjectJobs.Rows(_projectJobs, _projectJobsSince))
        {
            if (!_jobs.ContainsKey(row.Id!))
            {
                yield return row;
            }
        }
    }

    /// <summary>Adds or replaces a job at run time (tests, benchmarks); it replaces a generated or project job of that id.</summary>
    public void AddJob(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(job.Id);
        _jobs[job.Id] = (Serialize(job), RowOf(job));
    }

    /// <summary>Removes a job added at run time: the list no longer has it and a read answers not found (tests of a vanished job).</summary>
    public void RemoveJob(string jobId) => _jobs.TryRemove(jobId, out _);

    /// <summary>Adds a scripted history; its clock starts at its first request.</summary>
    public void AddHistory(ScriptedHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _histories[history.JobId] = history;
    }

    /// <summary>Every history, and the project history, starts again from its first step at its next request.</summary>
    public void ResetHistories()
    {
        foreach (var history in _histories.Values)
        {
            history.Reset();
        }
        _project.Reset();
    }

    private void Store(string id, string json)
    {
        var job = JsonSerializer.Deserialize<LiteServerJob>(json) ?? throw new InvalidOperationException($"Fixture {id} is not a job.");
        _jobs[id] = (json, RowOf(job));
    }

    private static LiteServerJobSummary RowOf(LiteServerJob job) => new()
    {
        Id = job.Id, Name = job.Name, UserName = job.UserName, Description = job.Description, Type = job.Type,
        Status = job.Status, AbnormalCount = job.AbnormalCount, CreatedAt = job.CreatedAt, UpdatedAt = job.UpdatedAt,
    };

    private static string Serialize(LiteServerJob job) => JsonSerializer.Serialize(job, Indented);

    private static IEnumerable<(string Id, string Json)> LoadFixtures()
    {
        var assembly = typeof(JobCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var json = reader.ReadToEnd();
            using var document = JsonDocument.Parse(json);
            yield return (document.RootElement.GetProperty("id").GetString()!, json);
        }
    }
}
