using System.Net;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>The list API (<c>GET …/dev-servers/jobs</c>) as documented, through the real signed client over loopback.</summary>
public sealed class ListApiTests
{
    private const string ListPath = "v1/" + SimulatorFixture.ProjectId + "/dev-servers/jobs";

    [Fact]
    public async Task Name_filter_matches_the_whole_name_only()
    {
        await using var simulator = await SimulatorFixture.StartAsync();

        var exact = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Name: "software-query"), CancellationToken.None);
        var prefix = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Name: "software"), CancellationToken.None);
        var otherCase = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Name: "Software-Query"), CancellationToken.None);

        Assert.Equal(JobCatalog.SeedJobId, Assert.Single(exact.Data).Id);
        Assert.Empty(prefix.Data);
        Assert.Empty(otherCase.Data);
        Assert.Equal(0, prefix.Total);
    }

    [Fact]
    public async Task Id_type_and_status_filters_each_narrow_the_rows()
    {
        await using var simulator = await SimulatorFixture.StartAsync();

        var byId = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Id: JobCatalog.ManyFailuresJobId), CancellationToken.None);
        var byType = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Type: "ASCEND_HDK_UPGRADE"), CancellationToken.None);
        var finished = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Status: "FINISHED"), CancellationToken.None);
        var both = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Status: "FINISHED", Type: "ASCEND_SOFTWARE_QUERY"), CancellationToken.None);

        var row = Assert.Single(byId.Data);
        Assert.Equal("train-llama-3.1-70b-env-prepare", row.Name);
        Assert.Equal("FAILED", row.Status);
        Assert.Equal(70, row.AbnormalCount);
        Assert.Equal("ml_platform", row.UserName);
        Assert.Equal("ENV_PREPARE", row.Type);
        Assert.NotNull(row.CreatedAt);
        Assert.NotNull(row.UpdatedAt);
        // The running fixture and the two scripted histories; the project history's upgrades appear only at its minute 2.
        Assert.Equal(
            [JobCatalog.RunningJobId, ScriptedHistory.FailThenFinishId, ScriptedHistory.SucceedsId],
            byType.Data.Select(j => j.Id!).Order(StringComparer.Ordinal));
        Assert.All(finished.Data, j => Assert.Equal("FINISHED", j.Status));
        Assert.Contains(finished.Data, j => j.Id == JobCatalog.SeedJobId);
        Assert.Equal(JobCatalog.SeedJobId, Assert.Single(both.Data).Id);
    }

    [Fact]
    public async Task Visible_true_lists_every_job_false_none_and_anything_else_is_refused()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var http = simulator.SignedHttp();

        var all = JsonNode.Parse(await http.GetStringAsync(ListPath))!;
        var visible = JsonNode.Parse(await http.GetStringAsync(ListPath + "?visible=true"))!;
        var hidden = JsonNode.Parse(await http.GetStringAsync(ListPath + "?visible=false"))!;
        using var bad = await http.GetAsync(new Uri(ListPath + "?visible=maybe", UriKind.Relative));

        // Five fixtures (the fleet check among them), two scripted histories, the three jobs the project history starts with.
        Assert.Equal(10, all["total"]!.GetValue<int>());
        Assert.Equal(all["total"]!.GetValue<int>(), visible["total"]!.GetValue<int>());
        Assert.Equal(0, hidden["total"]!.GetValue<int>());
        Assert.Empty(hidden["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("ModelArts.0101", JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answer_carries_current_pages_size_total_and_the_documented_row_fields()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var http = simulator.SignedHttp();

        var page = JsonNode.Parse(await http.GetStringAsync(ListPath + "?id=" + JobCatalog.SeedJobId))!.AsObject();

        Assert.Equal(["current", "pages", "size", "total", "data"], page.Select(p => p.Key));
        Assert.Equal(1, page["current"]!.GetValue<int>());
        Assert.Equal(1, page["pages"]!.GetValue<int>());
        Assert.Equal(1, page["total"]!.GetValue<int>());
        var row = page["data"]![0]!.AsObject();
        Assert.Equal(
            ["abnormal_count", "create_at", "description", "id", "name", "status", "type", "update_at", "user_name"],
            row.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(1757558564458, row["update_at"]!.GetValue<long>());
        Assert.Null(row["tasks"]);
    }

    [Fact]
    public async Task A_page_size_sends_the_first_page_and_says_how_many_there_are()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o =>
        {
            o.ProjectJobs = 95;
            o.ListPageSize = 20;
        });

        var page = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Type: "COMMON"), CancellationToken.None);
        var all = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Id: ProjectJobs.IdOf(95)), CancellationToken.None);

        // COMMON: 64 of the 95 generated jobs (every third is an HDK upgrade), 3 of the project history at its start.
        Assert.Equal(20, page.Data.Count);
        Assert.Equal(20, page.Size);
        Assert.Equal(1, page.Current);
        Assert.Equal(64 + 3, page.Total);
        Assert.Equal(4, page.Pages);
        Assert.Single(all.Data);
    }

    [Fact]
    public async Task Every_row_says_what_a_detail_read_of_its_job_says()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectJobs = 30);
        simulator.Time.Advance(TimeSpan.FromSeconds(1));
        var rows = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(), CancellationToken.None);

        Assert.Equal(rows.Total, rows.Data.Count);
        Assert.Contains(rows.Data, r => r.Id == ProjectJobs.IdOf(30));
        foreach (var row in rows.Data.Where(r => r.Id != JobCatalog.OddShapesJobId))
        {
            var job = await simulator.Client.GetJobAsync(row.Id!, CancellationToken.None);
            Assert.Equal((job.Name, job.Status, job.Type, job.UserName, job.AbnormalCount, job.UpdatedAt, job.CreatedAt),
                (row.Name, row.Status, row.Type, row.UserName, row.AbnormalCount, row.UpdatedAt, row.CreatedAt));
            Assert.Equal(row.AbnormalCount, job.Tasks.Count(t => t.Status == "FAILED"));
        }
    }

    [Fact]
    public async Task A_project_of_1000_jobs_is_listed_in_one_call_and_each_job_is_readable_by_id()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectJobs = 1_000);

        var rows = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(), CancellationToken.None);
        var generated = rows.Data.Where(r => r.Id!.StartsWith(ProjectJobs.Prefix, StringComparison.Ordinal)).ToList();
        foreach (var id in new[] { ProjectJobs.IdOf(1), ProjectJobs.IdOf(500), ProjectJobs.IdOf(1_000) })
        {
            var job = await simulator.Client.GetJobAsync(id, CancellationToken.None);
            Assert.Equal(id, job.Id);
        }
        var beyond = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => simulator.Client.GetJobAsync(ProjectJobs.IdOf(1_001), CancellationToken.None));

        Assert.Equal(1_000, generated.Count);
        Assert.Equal(1_000, generated.Select(r => r.Id).Distinct().Count());
        Assert.Equal(ModelArtsErrorKind.NotFound, beyond.Kind);
        Assert.Equal(1, simulator.Host.Catalog.ListRequestCount);
        Assert.Equal(4, simulator.Host.Catalog.DetailReadCount);
        Assert.Equal(1, simulator.Host.Catalog.DetailReadsOf(ProjectJobs.IdOf(500)));
        Assert.Equal(0, simulator.Host.Catalog.DetailReadsOf(ProjectJobs.IdOf(2)));
        Assert.Equal(1, simulator.Host.Catalog.RequestsByPath["/" + ListPath]);
        Assert.Equal(5, simulator.Host.Catalog.RequestCount);
    }

    [Fact]
    public async Task A_job_a_test_replaces_is_listed_and_read_as_replaced()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectJobs = 10);
        var id = ProjectJobs.IdOf(3);
        var before = Assert.Single((await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Id: id), CancellationToken.None)).Data);

        simulator.Host.Catalog.AddJob(new LiteServerJob { Id = id, Name = before.Name, Status = "PROCESSING", AbnormalCount = 4, UpdatedAt = before.UpdatedAt!.Value.AddMinutes(1) });
        var after = Assert.Single((await simulator.Client.ListJobsAsync(new LiteServerJobQuery(Id: id), CancellationToken.None)).Data);
        var all = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(), CancellationToken.None);

        Assert.Equal(0, before.AbnormalCount);
        Assert.Equal(4, after.AbnormalCount);
        Assert.Equal(before.UpdatedAt.Value.AddMinutes(1), after.UpdatedAt);
        Assert.Single(all.Data, r => r.Id == id);
    }

    [Fact]
    public async Task A_scripted_historys_row_follows_its_clock()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var query = new LiteServerJobQuery(Id: ScriptedHistory.FailThenFinishId);

        var seen = new List<(string? Status, int? Failed, DateTimeOffset? Updated)>();
        foreach (var minutes in new[] { 0, 3, 3, 3 })
        {
            simulator.Time.Advance(TimeSpan.FromMinutes(minutes));
            var row = Assert.Single((await simulator.Client.ListJobsAsync(query, CancellationToken.None)).Data);
            seen.Add((row.Status, row.AbnormalCount, row.UpdatedAt));
        }

        Assert.Equal([("PROCESSING", 0), ("PROCESSING", 3), ("PROCESSING", 5), ("FINISHED", 5)], seen.Select(s => (s.Status, s.Failed)));
        Assert.Equal(TimeSpan.FromMinutes(9), seen[3].Updated - seen[0].Updated);
    }

    [Fact]
    public async Task An_unsigned_list_request_is_refused_like_every_other()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var http = new HttpClient { BaseAddress = simulator.Host.BaseAddress };

        using var answer = await http.GetAsync(new Uri(ListPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("APIGW.0301", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["error_code"]!.GetValue<string>());
        Assert.Equal(1, simulator.Host.Catalog.ListRequestCount);
    }
}
