using System.Globalization;
using System.Text;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Watching;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// The definition of news on job JSON shaped as the Lite Server API sends it (epoch-millisecond times, task ids,
/// server ids, multi-line messages), deserialized as the client does.
/// </summary>
public sealed class NewsDefinitionTests
{
    private const string DriverMismatch = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    private static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web);
    private readonly JobChangeDetector _detector = new();

    [Fact]
    public void A_task_that_recovers_and_fails_again_is_news()
    {
        var failed = Job("PROCESSING", ("t-1", "s-1", "FAILED", DriverMismatch), ("t-2", "s-2", "PROCESSING", null));
        var recovered = Job("PROCESSING", ("t-1", "s-1", "PROCESSING", null), ("t-2", "s-2", "PROCESSING", null));
        var failedAgain = Job("PROCESSING", ("t-1", "s-1", "FAILED", "npu 3 offline"), ("t-2", "s-2", "PROCESSING", null));

        var first = _detector.Detect(null, failed);
        // What was told after the recovery is the job as read then: t-1 no longer FAILED.
        var afterRecovery = _detector.Detect(first!.Snapshot, recovered);
        var again = _detector.Detect(JobSnapshot.From(recovered), failedAgain);

        Assert.Equal($"🔴 1 new failed task on job train-7b: {DriverMismatch} on 1 server", first.Text);
        Assert.Null(afterRecovery);
        Assert.Equal("🔴 1 new failed task on job train-7b: npu 3 offline on 1 server", again!.Text);
    }

    [Fact]
    public void A_new_failure_while_another_recovers_is_news_though_the_count_stays()
    {
        var told = JobSnapshot.From(Job("PROCESSING",
            ("t-1", "s-1", "FAILED", DriverMismatch), ("t-2", "s-2", "FAILED", DriverMismatch), ("t-3", "s-3", "PROCESSING", null)));
        var now = Job("PROCESSING",
            ("t-1", "s-1", "FAILED", DriverMismatch), ("t-2", "s-2", "PROCESSING", null), ("t-3", "s-3", "FAILED", "disk full on /var/log"));

        var news = _detector.Detect(told, now);

        Assert.Equal("🔴 1 more failed task on job train-7b (2 in all): new cause: disk full on /var/log on 1 server", news!.Text);
    }

    [Fact]
    public void Tasks_without_an_id_are_told_apart_by_their_server()
    {
        var told = JobSnapshot.From(Job("PROCESSING", (null, "s-1", "FAILED", DriverMismatch), (null, "s-2", "PROCESSING", null)));
        var same = Job("PROCESSING", (null, "s-1", "FAILED", DriverMismatch), (null, "s-2", "PROCESSING", null));
        var other = Job("PROCESSING", (null, "s-1", "PROCESSING", null), (null, "s-2", "FAILED", DriverMismatch));

        Assert.Null(_detector.Detect(told, same));
        Assert.Equal($"🔴 1 more failed task on job train-7b (1 in all): {DriverMismatch} on 1 server", _detector.Detect(told, other)!.Text);
    }

    [Fact]
    public void One_new_failure_among_ten_thousand_is_told_and_the_snapshot_stays_compact()
    {
        var tasks = Enumerable.Range(0, 10_000)
            .Select(i => ((string?)$"task-{i:D5}", (string?)$"server-{i:D5}", i < 9_999 ? "FAILED" : "PROCESSING", (string?)$"{DriverMismatch}\nat step {i}"))
            .ToArray();
        var told = JobSnapshot.From(Job("PROCESSING", tasks));
        tasks[9_999] = (tasks[9_999].Item1, tasks[9_999].Item2, "FAILED", "npu 3 offline");
        var now = Job("PROCESSING", tasks);

        var news = _detector.Detect(told, now);
        var stored = JsonSerializer.Serialize(told, StoreJson);

        Assert.Equal("🔴 1 more failed task on job train-7b (10000 in all): new cause: npu 3 offline on 1 server", news!.Text);
        // 9,999 keys of 8 bytes in base64, plus the counts and the reasons: well under the 10,000 tasks' JSON.
        Assert.InRange(stored.Length, 100_000, 110_000);
    }

    [Fact]
    public void Snapshots_stored_before_task_keys_are_compared_by_count()
    {
        var legacy = JobSnapshot.From(Job("PROCESSING", ("t-1", "s-1", "FAILED", DriverMismatch))) with { FailedTaskKeys = null };

        Assert.Null(_detector.Detect(legacy, Job("PROCESSING", ("t-9", "s-9", "FAILED", DriverMismatch))));
        Assert.Equal($"🔴 1 more failed task on job train-7b (2 in all): {DriverMismatch} on 1 server",
            _detector.Detect(legacy, Job("PROCESSING", ("t-1", "s-1", "FAILED", DriverMismatch), ("t-2", "s-2", "FAILED", DriverMismatch)))!.Text);
    }

    [Fact]
    public void The_end_is_news_once_and_a_follower_that_does_not_hear_ends_still_hears_new_failures()
    {
        var told = JobSnapshot.From(Job("PROCESSING", ("t-1", "s-1", "PROCESSING", null)));
        var finished = Job("FINISHED", ("t-1", "s-1", "FAILED", DriverMismatch));

        var end = _detector.Detect(told, finished);
        var failuresOnly = _detector.Detect(told, finished, tellsTheEnd: false);

        Assert.Equal($"⚠️ Job train-7b finished with 1 failed task of 1: {DriverMismatch} on 1 server", end!.Text);
        Assert.True(end.EndsWatch);
        Assert.Null(_detector.Detect(end.Snapshot, finished));
        Assert.Equal(JobNotificationKind.NewFailures, failuresOnly!.Kind);
    }

    [Fact]
    public void Equal_jobs_give_equal_snapshots_and_a_changed_failed_set_does_not()
    {
        var a = Job("PROCESSING", ("t-1", "s-1", "FAILED", DriverMismatch), ("t-2", "s-2", "PROCESSING", null));
        var b = Job("PROCESSING", ("t-1", "s-1", "PROCESSING", null), ("t-2", "s-2", "FAILED", DriverMismatch));

        Assert.Equal(JobSnapshot.From(a), JobSnapshot.From(a));
        Assert.NotEqual(JobSnapshot.From(a), JobSnapshot.From(b));
    }

    private static LiteServerJob Job(string status, params (string? Id, string? Server, string Status, string? Message)[] tasks)
    {
        var json = new StringBuilder();
        json.Append(CultureInfo.InvariantCulture, $$"""
            {"create_at":1757558550702,"update_at":1757558564458,"id":"0319470a-7fad-452e-bff0-d3ba3bd83955","name":"train-7b",
             "type":"ASCEND_SOFTWARE_QUERY","status":"{{status}}","items":[{"type":"HDK_QUERY"}],"user_name":"modelarts_user",
             "abnormal_count":{{tasks.Count(t => t.Status == "FAILED")}},"tasks":[
            """);
        for (var i = 0; i < tasks.Length; i++)
        {
            var (id, server, taskStatus, message) = tasks[i];
            var task = new Dictionary<string, object?>
            {
                ["create_at"] = 1757558550733L,
                ["update_at"] = 1757558564470L,
                ["id"] = id,
                ["server_id"] = server,
                ["server_name"] = server is null ? null : "liteserver-a2-" + server,
                ["cloud_server"] = new Dictionary<string, string> { ["id"] = "0c12a47a-0103-4fdb-bf85-7a09a8f53ac9", ["type"] = "BMS" },
                ["status"] = taskStatus,
                ["message"] = message,
            };
            json.Append(i > 0 ? "," : "").Append(JsonSerializer.Serialize(task));
        }
        json.Append("]}");
        return JsonSerializer.Deserialize<LiteServerJob>(json.ToString())!;
    }
}
