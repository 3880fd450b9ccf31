using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.ModelArts.Tests.Client;

public sealed class LiteServerJobClientTests
{
    /// <summary>Far above any deadline a test sets: reached only when the client's own deadline is broken.</summary>
    private static readonly TimeSpan BrokenDeadline = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_documented_sample_answer_reads_into_a_job()
    {
        await using var server = await LoopbackServer.StartAsync(200, TestData.SampleJob);
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var job = await host.Client.GetJobAsync("0319470a-7fad-452e-bff0-d3ba3bd83955", CancellationToken.None);

        Assert.Equal("0319470a-7fad-452e-bff0-d3ba3bd83955", job.Id);
        Assert.Equal("software-query", job.Name);
        Assert.Equal("FINISHED", job.Status);
        Assert.Equal("ASCEND_SOFTWARE_QUERY", job.Type);
        Assert.Equal("modelarts_user", job.UserName);
        Assert.Equal(0, job.AbnormalCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1757558550702), job.CreatedAt);
        Assert.Equal("HDK_QUERY", Assert.Single(job.Items).Type);
        var task = Assert.Single(job.Tasks);
        Assert.Equal("liteserver-a2-aiserver-test", task.ServerName);
        Assert.Equal("SUCCESS", task.Status);
        Assert.Equal("BMS", task.CloudServer["type"]);
        Assert.Equal("Driver: 24.1.0.3 | Firmware: 7.5.0.5.220", task.Message);
    }

    [Fact]
    public async Task Get_calls_the_job_path_once_with_a_signature_the_server_accepts()
    {
        await using var server = await LoopbackServer.StartAsync(200, TestData.SampleJob);
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        await host.Client.GetJobAsync("job-42", CancellationToken.None);

        var seen = Assert.Single(server.Requests);
        Assert.Equal("GET", seen.Method);
        Assert.Equal($"{TestData.JobPath}/job-42", seen.RawTarget);
        Assert.Null(seen.SignatureProblem);
        Assert.Equal(ModelArtsTestHost.ProjectId, seen.Headers["X-Project-Id"]);
        Assert.Equal(ModelArtsTestHost.SecurityToken, seen.Headers["X-Security-Token"]);
        Assert.Equal("application/json", seen.Headers["Accept"]);
    }

    [Theory]
    [InlineData(404, "ModelArts.6404", "Job not found.", ModelArtsErrorKind.NotFound)]
    [InlineData(401, "APIGW.0301", "Incorrect IAM authentication information: verify aksk signature fail", ModelArtsErrorKind.Unauthorized)]
    [InlineData(403, "ModelArts.0203", "Invalid token or no permission.", ModelArtsErrorKind.Forbidden)]
    [InlineData(429, "APIGW.0308", "The throttling threshold has been reached.", ModelArtsErrorKind.Throttled)]
    [InlineData(400, "ModelArts.0101", "Invalid parameter.", ModelArtsErrorKind.Rejected)]
    [InlineData(409, "ModelArts.4001", "Conflict.", ModelArtsErrorKind.Rejected)]
    [InlineData(500, "ModelArts.0001", "Internal error.", ModelArtsErrorKind.Unavailable)]
    [InlineData(502, "APIGW.0201", "Bad gateway.", ModelArtsErrorKind.Unavailable)]
    [InlineData(503, "ModelArts.0002", "Service unavailable.", ModelArtsErrorKind.Unavailable)]
    public async Task An_error_answer_keeps_kind_code_message_and_request_id(int status, string code, string message, ModelArtsErrorKind kind)
    {
        var body = new JsonObject { ["error_code"] = code, ["error_msg"] = message }.ToJsonString();
        await using var server = await LoopbackServer.StartAsync(status, body, ("X-Request-Id", "req-0123456789abcdef"));
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings => settings["ModelArts:MaxRetries"] = "0");

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(message, error.ErrorMessage);
        Assert.Equal("req-0123456789abcdef", error.RequestId);
        Assert.Equal($"ModelArts {status} {code}: {message} (request id req-0123456789abcdef)", error.Message);
    }

    [Theory]
    [InlineData(404, "<html><body>Not Found</body></html>", ModelArtsErrorKind.NotFound, "ModelArts has no such job in this project.")]
    [InlineData(502, "", ModelArtsErrorKind.Unavailable, "ModelArts is unavailable right now.")]
    [InlineData(400, "[\"error_code\"]", ModelArtsErrorKind.Rejected, "ModelArts refused the request (400).")]
    [InlineData(401, "{\"error_code\":42,\"error_msg\":{}}", ModelArtsErrorKind.Unauthorized, "ModelArts refused the credentials or the signature.")]
    [InlineData(403, "null", ModelArtsErrorKind.Forbidden, "These credentials may not see this job.")]
    public async Task An_error_answer_without_the_error_json_gets_a_sentence_of_ours(int status, string body, ModelArtsErrorKind kind, string sentence)
    {
        await using var server = await LoopbackServer.StartAsync(status, body, ("X-Request-Id", "req-1"));
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings => settings["ModelArts:MaxRetries"] = "0");

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Null(error.ErrorCode);
        Assert.Equal(sentence, error.ErrorMessage);
        Assert.Equal("req-1", error.RequestId);
    }

    [Fact]
    public async Task An_error_message_is_made_one_bounded_line()
    {
        var body = new JsonObject { ["error_code"] = "ModelArts.1\nforged", ["error_msg"] = "line one\r\nline two" + new string('x', 5000) }.ToJsonString();
        await using var server = await LoopbackServer.StartAsync(400, body);
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal("ModelArts.1 forged", error.ErrorCode);
        Assert.StartsWith("line one  line two", error.ErrorMessage, StringComparison.Ordinal);
        Assert.True(error.ErrorMessage.Length <= 501);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Throttling_with_a_long_retry_after_is_reported_at_once_with_the_wait()
    {
        await using var server = await LoopbackServer.StartAsync(429, """{"error_code":"APIGW.0308","error_msg":"throttled"}""", ("Retry-After", "120"));
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Throttled, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Unavailable_with_a_long_retry_after_is_reported_at_once_with_the_wait()
    {
        await using var server = await LoopbackServer.StartAsync(503, "{}", ("Retry-After", "300"));
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Unavailable, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(300), error.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_read_as_a_wait_from_now()
    {
        var at = DateTimeOffset.UtcNow.AddSeconds(90);
        await using var server = await LoopbackServer.StartAsync(429, "{}", ("Retry-After", at.ToString("r")));
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Throttled, error.Kind);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(91));
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(502)]
    public async Task A_transient_error_is_retried_up_to_max_retries(int status)
    {
        await using var server = await LoopbackServer.StartAsync(status, """{"error_code":"X","error_msg":"busy"}""");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Null(request.SignatureProblem));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(400)]
    public async Task A_final_error_is_not_retried(int status)
    {
        await using var server = await LoopbackServer.StartAsync(status, "{}");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Throttling_with_a_short_retry_after_waits_and_then_succeeds()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? LoopbackServer.Answer(context, 429, "{}", ("Retry-After", "1"))
            : LoopbackServer.Answer(context, 200, TestData.SampleJob));
        using var host = ModelArtsTestHost.Create(server.BaseAddress);
        var clock = Stopwatch.StartNew();

        var job = await host.Client.GetJobAsync("job-1", CancellationToken.None);

        Assert.Equal("software-query", job.Name);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}, before Retry-After");
        Assert.NotEqual(server.Requests[0].Headers["Authorization"], server.Requests[1].Headers["Authorization"]);
        Assert.All(server.Requests, request => Assert.Null(request.SignatureProblem));
    }

    [Fact]
    public async Task A_server_error_then_success_returns_the_job()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? LoopbackServer.Answer(context, 503, "{}")
            : LoopbackServer.Answer(context, 200, TestData.SampleJob));
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var job = await host.Client.GetJobAsync("job-1", CancellationToken.None);

        Assert.Equal("FINISHED", job.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_silent_server_is_a_timeout_within_the_total_deadline()
    {
        await using var server = await LoopbackServer.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings =>
        {
            settings["ModelArts:AttemptTimeout"] = "00:00:00.300";
            settings["ModelArts:TotalTimeout"] = "00:00:01";
            settings["ModelArts:MaxRetries"] = "5";
        });
        var clock = Stopwatch.StartNew();

        // The server never answers: only the client's deadline ends the call. The test's own limit is for a broken
        // deadline, not a measure of speed.
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => host.Client.GetJobAsync("job-1", CancellationToken.None).WaitAsync(BrokenDeadline));

        Assert.Equal(ModelArtsErrorKind.Timeout, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed}, before the total deadline");
        Assert.InRange(server.Requests.Count, 2, 6);
    }

    [Fact]
    public async Task A_body_that_never_ends_is_a_timeout_within_the_total_deadline()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("{\"id\":\"", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings =>
        {
            settings["ModelArts:AttemptTimeout"] = "00:00:00.500";
            settings["ModelArts:TotalTimeout"] = "00:00:01";
        });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => host.Client.GetJobAsync("job-1", CancellationToken.None).WaitAsync(BrokenDeadline));

        Assert.Equal(ModelArtsErrorKind.Timeout, error.Kind);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {clock.Elapsed}, before the total deadline");
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            arrived.TrySetResult();
            return Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress);
        using var cancel = new CancellationTokenSource();

        var call = host.Client.GetJobAsync("job-1", cancel.Token);
        await arrived.Task;
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_unavailable()
    {
        Uri closed;
        await using (var server = await LoopbackServer.StartAsync(200, "{}"))
        {
            closed = server.BaseAddress;
        }
        using var host = ModelArtsTestHost.Create(closed, settings => settings["ModelArts:MaxRetries"] = "1");

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Unavailable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task An_answer_over_32_MB_is_malformed_not_out_of_memory()
    {
        var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024));
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("{\"id\":\"x\",\"description\":\"", context.RequestAborted);
            for (var i = 0; i < 40; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.MalformedResponse, error.Kind);
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);
        Assert.Equal("The answer is larger than 32 MB.", error.ErrorMessage);
    }

    [Fact]
    public async Task An_announced_length_over_32_MB_is_refused_before_reading()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 64L * 1024 * 1024;
            await context.Response.WriteAsync("{", context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        });
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task A_job_with_10000_tasks_arrives_whole_within_the_default_deadline()
    {
        var tasks = new JsonArray();
        for (var i = 0; i < 10_000; i++)
        {
            tasks.Add(new JsonObject
            {
                ["id"] = $"task-{i}",
                ["server_id"] = Guid.NewGuid().ToString(),
                ["server_name"] = $"liteserver-{i:00000}",
                ["status"] = i % 97 == 0 ? "FAILED" : "SUCCESS",
                ["message"] = i % 97 == 0 ? "npu-smi: device 3 not found" : "ok",
                ["cloud_server"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["type"] = "BMS" },
                ["create_at"] = 1757558550733 + i,
                ["update_at"] = "2025-09-11T02:42:44Z",
            });
        }
        var body = new JsonObject { ["id"] = "big", ["status"] = "FAILED", ["abnormal_count"] = 104, ["tasks"] = tasks }.ToJsonString();
        await using var server = await LoopbackServer.StartAsync(200, body);
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings =>
        {
            settings["ModelArts:AttemptTimeout"] = "00:00:03";
            settings["ModelArts:TotalTimeout"] = "00:00:10";
        });

        var job = await host.Client.GetJobAsync("big", CancellationToken.None);

        Assert.Equal(10_000, job.Tasks.Count);
        Assert.Equal(104, job.Tasks.Count(t => t.Status == "FAILED"));
        Assert.Equal("liteserver-09999", job.Tasks[^1].ServerName);
        Assert.Equal(new DateTimeOffset(2025, 9, 11, 2, 42, 44, TimeSpan.Zero), job.Tasks[0].UpdatedAt);
    }

    [Fact]
    public async Task List_sends_the_filters_encoded_and_reads_the_page()
    {
        const string page = """
            {"current":1,"pages":1,"size":10,"total":2,"data":[
              {"id":"a","name":"n a","user_name":"u","type":"COMMON","status":"FAILED","abnormal_count":3,"create_at":1757558550702},
              null,
              {"id":"b","status":"SOMETHING_NEW","create_at":"1757558550702"}]}
            """;
        await using var server = await LoopbackServer.StartAsync(200, page);
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var result = await host.Client.ListJobsAsync(new LiteServerJobQuery(Status: "FAILED", Name: "a b&c=d/e#f", Type: "COMMON"),
            CancellationToken.None);

        var seen = Assert.Single(server.Requests);
        Assert.Equal($"{TestData.JobPath}?name=a%20b%26c%3Dd%2Fe%23f&type=COMMON&status=FAILED", seen.RawTarget);
        Assert.Null(seen.SignatureProblem);
        Assert.Equal(2, result.Total);
        Assert.Equal(["a", "b"], result.Data.Select(j => j.Id));
        Assert.Equal(3, result.Data[0].AbnormalCount);
        Assert.Equal("SOMETHING_NEW", result.Data[1].Status);
        Assert.Equal(result.Data[0].CreatedAt, result.Data[1].CreatedAt);
    }

    [Fact]
    public async Task List_by_id_sends_the_id_filter()
    {
        await using var server = await LoopbackServer.StartAsync(200, """{"data":[]}""");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var result = await host.Client.ListJobsAsync(new LiteServerJobQuery(Id: "job/1"), CancellationToken.None);

        Assert.Equal($"{TestData.JobPath}?id=job%2F1", Assert.Single(server.Requests).RawTarget);
        Assert.Empty(result.Data);
    }

    [Theory]
    [InlineData(null, "a\nb", null)]
    [InlineData("x\u0000", null, null)]
    [InlineData(null, null, "..")]
    public async Task List_refuses_bad_filters_without_a_request(string? status, string? name, string? id)
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        using var host = ModelArtsTestHost.Create(server.BaseAddress);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(
            () => host.Client.ListJobsAsync(new LiteServerJobQuery(Status: status, Name: name, Id: id), CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.InvalidInput, error.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_host_can_point_the_client_elsewhere_after_binding()
    {
        await using var server = await LoopbackServer.StartAsync(200, TestData.SampleJob);
        using var host = ModelArtsTestHost.Create(new Uri("https://modelarts.cn-north-4.myhuaweicloud.com/"),
            configure: services => services.PostConfigure<ModelArtsOptions>(options => options.Endpoint = server.BaseAddress.ToString()));

        var job = await host.Client.GetJobAsync("job-1", CancellationToken.None);

        Assert.Equal("software-query", job.Name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_reload_that_removes_the_secret_key_fails_calls_as_NotConfigured_until_it_is_back()
    {
        await using var server = await LoopbackServer.StartAsync(200, TestData.SampleJob);
        using var host = ModelArtsTestHost.Create(server.BaseAddress);
        var client = host.Client;
        await client.GetJobAsync("job-1", CancellationToken.None);

        // Options validate eagerly for change listeners (the retry pipeline is one), so the reload itself reports
        // the refusal to whoever reloaded; a file watcher's reload runs on a task that swallows it.
        var reload = Assert.Throws<AggregateException>(() => host.Reconfigure("ModelArts:SecretKey", null));
        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(Assert.Single(reload.InnerExceptions));
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => client.GetJobAsync("job-1", CancellationToken.None));
        Assert.Equal(ModelArtsErrorKind.NotConfigured, error.Kind);
        Assert.Contains("ModelArts:SecretKey is missing", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);

        host.Reconfigure("ModelArts:SecretKey", ModelArtsTestHost.SecretKey);
        await client.GetJobAsync("job-1", CancellationToken.None);
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(server.Requests[1].SignatureProblem);
    }

    [Theory]
    [InlineData("Endpoint", "not a url")]
    [InlineData("Region", "no/such/region")]
    public async Task A_client_built_without_the_validator_reports_a_broken_endpoint_as_NotConfigured(string setting, string value)
    {
        var settings = ModelArtsTestHost.Settings(new Uri("http://127.0.0.1:1/"));
        settings["ModelArts:Endpoint"] = null;
        settings[$"ModelArts:{setting}"] = value;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<ModelArtsOptions>().BindConfiguration(ModelArtsOptions.SectionName);
        using var provider = services.BuildServiceProvider();
        var wire = new CapturingHandler();
        using var http = new HttpClient(wire);
        var client = new LiteServerJobClient(http, provider.GetRequiredService<IOptionsMonitor<ModelArtsOptions>>(), TimeProvider.System,
            NullLogger<LiteServerJobClient>.Instance);

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => client.GetJobAsync("job-1", CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.NotConfigured, error.Kind);
        Assert.Empty(wire.Sent);
    }

    [Fact]
    public async Task Nothing_secret_reaches_any_log_even_at_trace_level()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Request.Path.Value!.EndsWith("/slow", StringComparison.Ordinal)
            ? Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted)
            : LoopbackServer.Answer(context, 503, "{}", ("X-Request-Id", "req-log")));
        using var host = ModelArtsTestHost.Create(server.BaseAddress, settings =>
        {
            // The 503s must be answered within an attempt even on busy cores; the slow path ends at the total deadline.
            settings["ModelArts:AttemptTimeout"] = "00:00:05";
            settings["ModelArts:TotalTimeout"] = "00:00:05";
        });

        await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("job-1", CancellationToken.None));
        await Assert.ThrowsAsync<ModelArtsApiException>(() => host.Client.GetJobAsync("slow", CancellationToken.None));

        var records = host.Logs.GetSnapshot();
        Assert.Contains(records, r => r.Message.Contains("answered 503", StringComparison.Ordinal) && r.Message.Contains("req-log", StringComparison.Ordinal));
        Assert.Contains(records, r => r.Message.Contains("failed: Timeout", StringComparison.Ordinal));
        var signatures = server.Requests.Select(r => r.Headers["Authorization"][(r.Headers["Authorization"].IndexOf("Signature=", StringComparison.Ordinal) + 10)..]);
        foreach (var record in records)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []);
            Assert.DoesNotContain(ModelArtsTestHost.SecretKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ModelArtsTestHost.SecurityToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain("SDK-HMAC-SHA256", text, StringComparison.Ordinal);
            Assert.All(signatures, signature => Assert.DoesNotContain(signature, text, StringComparison.Ordinal));
        }
    }
}
