using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>The signed client fetches every fixture from the simulator over real loopback HTTP.</summary>
public sealed class SimulatedJobsTests
{
    [Fact]
    public async Task Seed_job_is_served_exactly_as_the_reference_example()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var job = await simulator.Client.GetJobAsync(JobCatalog.SeedJobId, CancellationToken.None);

        var reference = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "reference-sample-response.json")))!;
        Assert.Equal(reference["id"]!.GetValue<string>(), job.Id);
        Assert.Equal("software-query", job.Name);
        Assert.Equal("FINISHED", job.Status);
        Assert.Equal("ASCEND_SOFTWARE_QUERY", job.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(reference["create_at"]!.GetValue<long>()), job.CreatedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1757558564458), job.UpdatedAt);
        Assert.Equal("HDK_QUERY", Assert.Single(job.Items).Type);
        var task = Assert.Single(job.Tasks);
        Assert.Equal("liteserver-a2-aiserver-test", task.ServerName);
        Assert.Equal("SUCCESS", task.Status);
        Assert.Equal("Driver: 24.1.0.3 | Firmware: 7.5.0.5.220", task.Message);
        Assert.Equal("BMS", task.CloudServer["type"]);
        Assert.Equal(0, job.AbnormalCount);
    }

    [Fact]
    public async Task Many_failures_job_has_four_failure_groups_and_consistent_counts()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var job = await simulator.Client.GetJobAsync(JobCatalog.ManyFailuresJobId, CancellationToken.None);

        Assert.Equal(256, job.Tasks.Count);
        var groups = job.Tasks.Where(t => t.Status == "FAILED").GroupBy(t => t.Message).Select(g => g.Count()).OrderDescending();
        Assert.Equal([47, 12, 8, 3], groups);
        Assert.Equal(70, job.AbnormalCount);
        Assert.Equal(256, job.Tasks.Select(t => t.ServerName).Distinct().Count());
    }

    [Fact]
    public async Task Running_and_odd_shaped_jobs_are_read_without_loss()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var running = await simulator.Client.GetJobAsync(JobCatalog.RunningJobId, CancellationToken.None);
        var odd = await simulator.Client.GetJobAsync(JobCatalog.OddShapesJobId, CancellationToken.None);

        Assert.Equal("PROCESSING", running.Status);
        Assert.Equal(5, running.Tasks.Count(t => t.Status == "PROCESSING"));
        Assert.Equal("24.1.0.3", running.Items[0].Spec["driver_version"]);
        Assert.Equal("PAUSED", odd.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764403200000), odd.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 15, 0, TimeSpan.Zero), odd.UpdatedAt);
        Assert.Equal("7", odd.Items[0].Spec["days"]);
        Assert.Equal("WAITING_FOR_SLOT", odd.Tasks[0].Status);
    }

    [Fact]
    public async Task Synthetic_job_is_deterministic_and_as_large_as_asked()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var first = await simulator.Client.GetJobAsync("synthetic-2000-2000-1", CancellationToken.None);
        var second = await simulator.Client.GetJobAsync("synthetic-2000-2000-1", CancellationToken.None);

        Assert.Equal(2_000, first.Tasks.Count);
        Assert.Equal(first.Tasks.Select(t => t.Message), second.Tasks.Select(t => t.Message));
        Assert.Equal(first.AbnormalCount, first.Tasks.Count(t => t.Status == "FAILED"));
    }

    [Theory]
    [InlineData(JobCatalog.NotFoundJobId, ModelArtsErrorKind.NotFound, 404, "ModelArts.6309")]
    [InlineData("no-such-job", ModelArtsErrorKind.NotFound, 404, "ModelArts.6309")]
    [InlineData(JobCatalog.ForbiddenJobId, ModelArtsErrorKind.Forbidden, 403, "ModelArts.0203")]
    [InlineData(JobCatalog.ThrottledJobId, ModelArtsErrorKind.Throttled, 429, "APIGW.0308")]
    [InlineData(JobCatalog.ServerErrorJobId, ModelArtsErrorKind.Unavailable, 500, "ModelArts.0010")]
    [InlineData(JobCatalog.MalformedJobId, ModelArtsErrorKind.MalformedResponse, 200, null)]
    [InlineData(JobCatalog.WrongShapeJobId, ModelArtsErrorKind.MalformedResponse, 200, null)]
    public async Task Error_fixtures_become_typed_errors_with_the_request_id(string jobId, ModelArtsErrorKind kind, int status, string? code)
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => simulator.Client.GetJobAsync(jobId, CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, (int?)error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorMessage));
        Assert.Matches("^[0-9a-f]{32}$", error.RequestId);
        if (kind == ModelArtsErrorKind.Throttled)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        }
    }

    [Fact]
    public async Task Slow_fixture_ends_in_a_timeout_within_the_clients_deadline()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => simulator.Client.GetJobAsync(JobCatalog.SlowJobId, CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Timeout, error.Kind);
        // Before the slow fixture's 30 s: the client's own deadline (16 s) ended it.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(29));
    }

    [Fact]
    public async Task List_api_filters_by_status_and_name()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var processing = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Status: "PROCESSING"), CancellationToken.None);
        var byName = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Name: "software-query"), CancellationToken.None);

        Assert.NotEmpty(processing.Data);
        Assert.All(processing.Data, j => Assert.Equal("PROCESSING", j.Status));
        Assert.Contains(processing.Data, j => j.Id == JobCatalog.RunningJobId);
        Assert.Equal(JobCatalog.SeedJobId, Assert.Single(byName.Data).Id);
        Assert.Equal(byName.Data.Count, byName.Total);
    }

    [Fact]
    public async Task Jobs_added_at_run_time_are_served()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        simulator.Host.Catalog.AddJob(new LiteServerJob { Id = "added-by-test", Name = "added", Status = "PROCESSING" });

        var job = await simulator.Client.GetJobAsync("added-by-test", CancellationToken.None);

        Assert.Equal("added", job.Name);
        Assert.Equal("PROCESSING", job.Status);
    }
}
