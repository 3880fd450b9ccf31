using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator;

/// <summary>
/// Every job the simulator knows: the JSON fixtures, the generated ones, the scripted histories, and jobs that
/// a test adds at run time. Thread-safe; time comes from the host's <see cref="TimeProvider"/>.
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

    private readonly ConcurrentDictionary<string, string> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScriptedHistory> _histories = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _requestCount;

    public JobCatalog(TimeProvider time)
    {
        _time = time;
        foreach (var (id, json) in LoadFixtures())
        {
            _jobs[id] = json;
        }
        _jobs[ManyFailuresJobId] = Serialize(FixtureJobs.ManyFailures(time.GetUtcNow()));
        _jobs[FleetCheckJobId] = Serialize(FixtureJobs.FleetCheck(time.GetUtcNow()));
        foreach (var history in ScriptedHistory.Builtin())
        {
            _histories[history.JobId] = history;
        }
    }

    /// <summary>How many API requests reached the simulator (signed or not): tests count ModelArts traffic with it.</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    internal void CountRequest() => Interlocked.Increment(ref _requestCount);

    /// <summary>The ids a person can try, for the standalone simulator's start page and the README.</summary>
    public IReadOnlyCollection<string> KnownJobIds => [.. _jobs.Keys.Concat(_histories.Keys).Order(StringComparer.Ordinal)];

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
            SlowJobId => new SimulatedAnswer.Slow(_jobs[SeedJobId]),
            MalformedJobId => new SimulatedAnswer.Raw(HttpStatusCode.OK, "text/html", "<html><body>502 Bad Gateway</body></html>"),
            WrongShapeJobId => new SimulatedAnswer.Raw(HttpStatusCode.OK, "application/json", "[{\"id\":\"job-wrong-shape\"}]"),
            _ when _histories.TryGetValue(jobId, out var history) => new SimulatedAnswer.Job(Serialize(history.StateAt(_time.GetUtcNow()))),
            _ when _jobs.TryGetValue(jobId, out var json) => new SimulatedAnswer.Job(json),
            _ when SyntheticJobs.TryCreate(jobId, _time.GetUtcNow(), out var synthetic) => new SimulatedAnswer.Job(Serialize(synthetic)),
            _ => new SimulatedAnswer.Failure(SimulatedError.JobNotFound(jobId)),
        };
    }

    /// <summary>The jobs the list API shows: fixtures and histories as they are now (no error ids, no synthetic ones).</summary>
    public IEnumerable<LiteServerJob> ListedJobs()
    {
        foreach (var json in _jobs.Values)
        {
            if (JsonSerializer.Deserialize<LiteServerJob>(json) is { } job)
            {
                yield return job;
            }
        }
        foreach (var history in _histories.Values)
        {
            yield return history.StateAt(_time.GetUtcNow());
        }
    }

    /// <summary>Adds or replaces a job at run time (tests, benchmarks).</summary>
    public void AddJob(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentException.ThrowIfNullOrEmpty(job.Id);
        _jobs[job.Id] = Serialize(job);
    }

    /// <summary>Adds a scripted history; its clock starts at its first request.</summary>
    public void AddHistory(ScriptedHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        _histories[history.JobId] = history;
    }

    /// <summary>Every history starts again from its first step at its next request.</summary>
    public void ResetHistories()
    {
        foreach (var history in _histories.Values)
        {
            history.Reset();
        }
    }

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
