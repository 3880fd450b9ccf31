using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.ModelArts.Tests.Client;

public sealed class ResiliencePipelineTests
{
    [Fact]
    public async Task Only_a_get_is_retried_a_post_goes_once()
    {
        await using var server = await LoopbackServer.StartAsync(503, "{}");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);
        // The typed client's own pipeline, as AddModelArtsClient registered it.
        using var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(LiteServerJobClient));
        var uri = new Uri(server.BaseAddress, $"v1/{ModelArtsTestHost.ProjectId}/dev-servers/jobs");

        using (var post = await http.PostAsync(uri, new StringContent("{}")))
        {
            Assert.Equal(503, (int)post.StatusCode);
        }
        Assert.Single(server.Requests);

        using (var get = await http.GetAsync(uri))
        {
            Assert.Equal(503, (int)get.StatusCode);
        }
        Assert.Equal(1 + 3, server.Requests.Count);
    }

    [Fact]
    public async Task A_host_with_a_frozen_test_clock_signs_with_it_but_still_retries_and_times_out_in_real_time()
    {
        var frozen = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.Zero));
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context => Interlocked.Increment(ref calls) <= 3
            ? LoopbackServer.Answer(context, 503, "{}")
            : Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings =>
        {
            settings["ModelArts:AttemptTimeout"] = "00:00:01";
            settings["ModelArts:TotalTimeout"] = "00:00:03";
        }, services => services.AddSingleton<TimeProvider>(frozen));
        // Were the frozen clock used for waiting, the retries and the deadline would never come: the second call
        // would hang on a server that never answers. One minute is far above the 3 s deadline, and only a hang reaches it.
        var hang = TimeSpan.FromMinutes(1);

        var unavailable = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => host.Client.GetJobAsync("job-1", CancellationToken.None).WaitAsync(hang));
        var timeout = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => host.Client.GetJobAsync("job-1", CancellationToken.None).WaitAsync(hang));

        Assert.Equal(ModelArtsErrorKind.Unavailable, unavailable.Kind);
        Assert.Equal(ModelArtsErrorKind.Timeout, timeout.Kind);
        Assert.True(server.Requests.Count >= 4);
        Assert.All(server.Requests, request => Assert.Equal("20260115T083000Z", request.Headers["X-Sdk-Date"]));
    }
}
