using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator;

/// <summary>
/// A job whose state changes over time: each step is the job as it is from <see cref="HistoryStep.At"/> after the
/// history's first request on. The clock is the host's <see cref="TimeProvider"/>, so a test moves it.
/// </summary>
public sealed class ScriptedHistory(string jobId, IReadOnlyList<HistoryStep> steps)
{
    public const string FailThenFinishId = "history-fail-then-finish";
    public const string SucceedsId = "history-succeeds";

    private readonly Lock _gate = new();
    private DateTimeOffset? _startedAt;

    public string JobId { get; } = jobId;

    public IReadOnlyList<HistoryStep> Steps { get; } = steps;

    public LiteServerJob StateAt(DateTimeOffset now)
    {
        DateTimeOffset startedAt;
        lock (_gate)
        {
            _startedAt ??= now;
            startedAt = _startedAt.Value;
        }
        var elapsed = now - startedAt;
        var step = Steps.Last(s => s.At <= elapsed || s == Steps[0]);
        return step.Job(startedAt + step.At);
    }

    public void Reset()
    {
        lock (_gate)
        {
            _startedAt = null;
        }
    }

    /// <summary>
    /// <c>history-fail-then-finish</c>: running (0 failed) → at 3 min 3 tasks fail (driver mismatch) → at 6 min
    /// 2 more fail (NPU health check) → at 9 min FINISHED with 5 failures.
    /// <c>history-succeeds</c>: running → at 3 min more done → at 6 min FINISHED, all succeeded.
    /// </summary>
    public static IEnumerable<ScriptedHistory> Builtin()
    {
        const string driver = "driver mismatch: expected 24.1.0.3, found 23.0.6";
        const string npu = "NPU health check failed: HBM ECC errors on device 3";
        yield return new ScriptedHistory(FailThenFinishId,
        [
            new(TimeSpan.Zero, at => Job(FailThenFinishId, "PROCESSING", at, 20, done: 5, failed: [])),
            new(TimeSpan.FromMinutes(3), at => Job(FailThenFinishId, "PROCESSING", at, 20, done: 9, failed: [(3, driver)])),
            new(TimeSpan.FromMinutes(6), at => Job(FailThenFinishId, "PROCESSING", at, 20, done: 12, failed: [(3, driver), (2, npu)])),
            new(TimeSpan.FromMinutes(9), at => Job(FailThenFinishId, "FINISHED", at, 20, done: 15, failed: [(3, driver), (2, npu)])),
        ]);
        yield return new ScriptedHistory(SucceedsId,
        [
            new(TimeSpan.Zero, at => Job(SucceedsId, "PROCESSING", at, 10, done: 2, failed: [])),
            new(TimeSpan.FromMinutes(3), at => Job(SucceedsId, "PROCESSING", at, 10, done: 6, failed: [])),
            new(TimeSpan.FromMinutes(6), at => Job(SucceedsId, "FINISHED", at, 10, done: 10, failed: [])),
        ]);
    }

    private static LiteServerJob Job(string id, string status, DateTimeOffset at, int tasks, int done, (int Count, string Message)[] failed)
    {
        var failures = failed.SelectMany(f => Enumerable.Repeat(f.Message, f.Count)).ToList();
        return new LiteServerJob
        {
            Id = id,
            Name = id == SucceedsId ? "firmware-check" : "hdk-rollout-canary",
            Description = "A scripted history of the ModelArts simulator.",
            Type = "ASCEND_HDK_UPGRADE",
            Status = status,
            UserName = "ops_oncall",
            TemplateId = "5d1e0b3c-8f0a-4b8e-9c55-1f3e2a7d6b90",
            AbnormalCount = failures.Count,
            CreatedAt = at - TimeSpan.FromMinutes(1),
            UpdatedAt = at,
            Items = [new LiteServerJobItem { Type = "HDK_UPGRADE", Spec = new Dictionary<string, string> { ["driver_version"] = "24.1.0.3" } }],
            Tasks = [.. Enumerable.Range(1, tasks).Select(n => FixtureJobs.Task(id, n, "liteserver-a2-canary",
                n <= failures.Count ? ("FAILED", failures[n - 1])
                : n <= failures.Count + done ? ("SUCCESS", "Driver upgraded to 24.1.0.3")
                : ("PROCESSING", "Installing driver"), at))],
        };
    }
}
