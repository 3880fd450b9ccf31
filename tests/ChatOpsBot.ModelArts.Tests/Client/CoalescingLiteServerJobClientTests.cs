using System.Net;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.ModelArts.Tests.Client;

/// <summary>However many people press Refresh, ModelArts hears about a job at most once a second.</summary>
public sealed class CoalescingLiteServerJobClientTests
{
    private const string JobJson = """{"id":"job-1","name":"n","status":"PROCESSING","tasks":[]}""";

    [Fact]
    public async Task Fifty_concurrent_callers_of_one_job_make_one_request()
    {
        var release = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await release.Task;
            await context.Response.WriteAsync(JobJson);
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var callers = Enumerable.Range(0, 50).Select(_ => host.SharedClient.GetJobAsync("job-1", CancellationToken.None)).ToList();
        release.SetResult();
        var jobs = await Task.WhenAll(callers);

        Assert.Equal(1, server.RequestCount);
        Assert.All(jobs, j => Assert.Equal("job-1", j.Id));
    }

    [Fact]
    public async Task A_job_read_a_second_ago_or_more_is_read_again_and_other_jobs_are_separate()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(JobJson));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = ModelArtsTestHost.Create(server.BaseAddress, configure: services => services.AddSingleton<TimeProvider>(time));

        await host.SharedClient.GetJobAsync("job-1", CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(900));
        await host.SharedClient.GetJobAsync("job-1", CancellationToken.None);
        Assert.Equal(1, server.RequestCount);

        time.Advance(TimeSpan.FromMilliseconds(100));
        await host.SharedClient.GetJobAsync("job-1", CancellationToken.None);
        await host.SharedClient.GetJobAsync("job-2", CancellationToken.None);
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task A_job_is_forgotten_once_stale_so_memory_does_not_grow_with_every_job_ever_read()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(JobJson));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = ModelArtsTestHost.Create(server.BaseAddress, configure: services => services.AddSingleton<TimeProvider>(time));
        var client = Assert.IsType<CoalescingLiteServerJobClient>(host.SharedClient);

        foreach (var id in Enumerable.Range(0, 20).Select(i => $"job-{i}"))
        {
            await client.GetJobAsync(id, CancellationToken.None);
        }
        Assert.Equal(20, client.HeldJobCount);

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, client.HeldJobCount);
    }

    [Fact]
    public async Task A_failure_is_not_remembered()
    {
        var answers = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref answers) == 1)
            {
                context.Response.StatusCode = (int)HttpStatusCode.NotFound;
                await context.Response.WriteAsync("""{"error_code":"ModelArts.6309","error_msg":"not found"}""");
                return;
            }
            await context.Response.WriteAsync(JobJson);
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.SharedClient.GetJobAsync("job-1", CancellationToken.None));
        var job = await host.SharedClient.GetJobAsync("job-1", CancellationToken.None);

        Assert.Equal(ModelArtsErrorKind.NotFound, error.Kind);
        Assert.Equal("job-1", job.Id);
        Assert.Equal(2, server.RequestCount);
    }
}
