using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>The project history on the simulator's clock, seen through the list API and detail reads of the signed client.</summary>
public sealed class ProjectHistoryTests
{
    private static readonly string[] BurstIds =
        [.. Enumerable.Range(1, ProjectHistory.BurstSize).Select(n => ProjectHistory.BurstPrefix + n)];

    [Fact]
    public async Task Jobs_appear_run_fail_end_and_one_is_deleted_as_the_clock_moves()
    {
        await using var simulator = await SimulatorFixture.StartAsync();

        var start = await Rows(simulator);
        simulator.Time.Advance(TimeSpan.FromMinutes(3));
        var three = await Rows(simulator);
        simulator.Time.Advance(TimeSpan.FromMinutes(3));
        var six = await Rows(simulator);
        simulator.Time.Advance(TimeSpan.FromMinutes(6));
        var twelve = await Rows(simulator);

        Assert.Equal([ProjectHistory.DataCleanId, ProjectHistory.EvalResnetId, ProjectHistory.TrainBertId], start.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("PROCESSING", 0), start[ProjectHistory.TrainBertId]);
        Assert.Equal(("FINISHED", 0), start[ProjectHistory.EvalResnetId]);
        Assert.Equal(("PROCESSING", 2), three[ProjectHistory.TrainBertId]);
        Assert.Equal(("PROCESSING", 0), three[ProjectHistory.TrainGptId]);
        Assert.All(BurstIds, id => Assert.Equal(("PROCESSING", 0), three[id]));
        Assert.Equal(("PROCESSING", 4), six[ProjectHistory.TrainBertId]);
        Assert.Equal(("DELETED", 0), six[ProjectHistory.DataCleanId]);
        Assert.Equal(("PROCESSING", 0), six[ProjectHistory.EnvPrepareId]);
        Assert.Equal(("FINISHED", 4), twelve[ProjectHistory.TrainBertId]);
        Assert.Equal(("FINISHED", 0), twelve[ProjectHistory.TrainGptId]);
        Assert.Equal(("FINISHED", 0), twelve[ProjectHistory.EnvPrepareId]);
        Assert.Equal(("DELETED", 0), twelve[ProjectHistory.DataCleanId]);
        Assert.Equal([1, 2, 3, 4, 5], BurstIds.Select(id => twelve[id].Failed));
    }

    [Fact]
    public async Task Five_jobs_start_failing_within_two_minutes()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        await Rows(simulator);

        // Polled every 10 s from minute 6 to minute 10: when did each upgrade first show failed nodes?
        var firstFailed = new Dictionary<string, DateTimeOffset>();
        simulator.Time.Advance(TimeSpan.FromMinutes(6));
        for (var tick = 0; tick < 24; tick++)
        {
            var page = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Type: "ASCEND_HDK_UPGRADE"), CancellationToken.None);
            foreach (var row in page.Data.Where(r => r.AbnormalCount > 0 && BurstIds.Contains(r.Id)))
            {
                firstFailed.TryAdd(row.Id!, row.UpdatedAt!.Value);
            }
            simulator.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(BurstIds, firstFailed.Keys.Order(StringComparer.Ordinal));
        Assert.True(firstFailed.Values.Max() - firstFailed.Values.Min() <= TimeSpan.FromMinutes(2));
        Assert.Equal(TimeSpan.FromSeconds(90), firstFailed.Values.Max() - firstFailed.Values.Min());
    }

    [Fact]
    public async Task A_job_is_not_found_before_it_appears()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        await Rows(simulator);

        var early = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => simulator.Client.GetJobAsync(ProjectHistory.EnvPrepareId, CancellationToken.None));
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var job = await simulator.Client.GetJobAsync(ProjectHistory.EnvPrepareId, CancellationToken.None);

        Assert.Equal(ModelArtsErrorKind.NotFound, early.Kind);
        Assert.Equal("env-prepare-llama", job.Name);
        Assert.Equal("ENV_PREPARE", job.Type);
        Assert.Equal(job.UpdatedAt, job.CreatedAt);
    }

    [Fact]
    public async Task Failed_tasks_say_why_with_what_varies_from_server_to_server()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        await simulator.Client.GetJobAsync(ProjectHistory.TrainBertId, CancellationToken.None);
        simulator.Time.Advance(TimeSpan.FromMinutes(5));

        var bert = await simulator.Client.GetJobAsync(ProjectHistory.TrainBertId, CancellationToken.None);
        simulator.Time.Advance(TimeSpan.FromMinutes(4));
        var burst = await simulator.Client.GetJobAsync(BurstIds[3], CancellationToken.None);

        var failed = bert.Tasks.Where(t => t.Status == "FAILED").Select(t => t.Message).ToList();
        Assert.Equal(4, bert.AbnormalCount);
        Assert.Equal(
            ["NPU health check failed: HBM ECC uncorrectable errors on device 3",
             "NPU health check failed: HBM ECC uncorrectable errors on device 4",
             "driver install failed on NPU 1: expected 24.1.0.3, found 23.0.6",
             "driver install failed on NPU 2: expected 24.1.0.3, found 23.0.6"],
            failed.Order(StringComparer.Ordinal));
        Assert.Equal(16, bert.Tasks.Count);
        Assert.Equal(4, burst.AbnormalCount);
        Assert.All(burst.Tasks.Where(t => t.Status == "FAILED"), t => Assert.Matches(@"^ssh to 192\.168\.0\.4[1-4] timed out after 300 s$", t.Message));
    }

    [Fact]
    public async Task Reset_starts_the_project_history_again()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        await Rows(simulator);
        simulator.Time.Advance(TimeSpan.FromMinutes(7));
        simulator.Host.Catalog.ResetHistories();

        var rows = await Rows(simulator);

        Assert.Equal(("PROCESSING", 0), rows[ProjectHistory.DataCleanId]);
        Assert.False(rows.ContainsKey(ProjectHistory.TrainGptId));
    }

    private static async Task<Dictionary<string, (string? Status, int? Failed)>> Rows(SimulatorFixture simulator)
    {
        var page = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(), CancellationToken.None);
        return page.Data.Where(r => r.Id!.StartsWith("proj-", StringComparison.Ordinal))
            .ToDictionary(r => r.Id!, r => (r.Status, r.AbnormalCount));
    }
}
