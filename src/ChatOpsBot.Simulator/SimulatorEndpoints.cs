using System.Globalization;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Simulator;

/// <summary>Maps the simulated Lite Server API into any ASP.NET Core app.</summary>
public static class SimulatorEndpoints
{
    public static IServiceCollection AddModelArtsSimulator(this IServiceCollection services, Action<SimulatorOptions> configure)
    {
        services.AddOptions<SimulatorOptions>().Configure(configure).Validate(
            o => !string.IsNullOrEmpty(o.AccessKey) && !string.IsNullOrEmpty(o.SecretKey),
            "The ModelArts simulator needs Simulator:AccessKey and Simulator:SecretKey.").Validate(
            o => o.ProjectHistorySpeed > 0 && o.ProjectHistorySpeed <= ProjectHistory.MaxSpeed,
            $"Simulator:ProjectHistorySpeed must be above 0 and at most {ProjectHistory.MaxSpeed}.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<JobCatalog>();
        return services;
    }

    /// <summary>Maps <c>GET /v1/{project_id}/dev-servers/jobs[/{id}]</c> under <paramref name="prefix"/>.</summary>
    public static IEndpointRouteBuilder MapModelArtsSimulator(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        var jobs = endpoints.MapGroup(prefix + "/v1/{projectId}/dev-servers/jobs");
        jobs.MapGet("/{jobId}", GetJobAsync);
        jobs.MapGet("/", ListJobs);
        return endpoints;
    }

    private static async Task<IResult> GetJobAsync(
        string projectId, string jobId, HttpContext context, JobCatalog catalog,
        IOptions<SimulatorOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await GateAsync(projectId, jobId, context, catalog, options.Value, time, cancellationToken) is { } refused)
        {
            return refused;
        }
        switch (catalog.Find(jobId))
        {
            case SimulatedAnswer.Job job:
                return Results.Text(job.Json, "application/json");
            case SimulatedAnswer.Slow slow:
                await Task.Delay(options.Value.SlowDelay, time, cancellationToken);
                return Results.Text(slow.Json, "application/json");
            case SimulatedAnswer.Raw raw:
                return Results.Text(raw.Body, raw.ContentType, statusCode: (int)raw.Status);
            case SimulatedAnswer.Failure failure:
                return Error(context, failure.Detail);
            default:
                throw new InvalidOperationException("Unknown answer.");
        }
    }

    /// <summary>
    /// The list API as documented: filters <c>id</c>, <c>name</c> (exact), <c>type</c>, <c>status</c> and
    /// <c>visible</c> (every simulated job is visible); the answer is <c>{current, pages, size, total, data}</c>.
    /// Rows come most recently created first (the order of the documented API is not stated; the bot sorts itself).
    /// </summary>
    private static async Task<IResult> ListJobs(
        string projectId, HttpContext context, JobCatalog catalog, IOptions<SimulatorOptions> options,
        TimeProvider time, CancellationToken cancellationToken,
        string? id = null, string? name = null, string? type = null, string? status = null, string? visible = null)
    {
        if (await GateAsync(projectId, null, context, catalog, options.Value, time, cancellationToken) is { } refused)
        {
            return refused;
        }
        bool? visibleOnly = visible switch
        {
            null => null,
            _ when bool.TryParse(visible, out var flag) => flag,
            _ => null,
        };
        if (visible is not null && visibleOnly is null)
        {
            return Error(context, SimulatedError.InvalidParameter("visible", "must be true or false"));
        }
        var rows = catalog.ListedJobs()
            .Where(j => id is null || string.Equals(j.Id, id, StringComparison.Ordinal))
            .Where(j => name is null || string.Equals(j.Name, name, StringComparison.Ordinal))
            .Where(j => type is null || string.Equals(j.Type, type, StringComparison.OrdinalIgnoreCase))
            .Where(j => status is null || string.Equals(j.Status, status, StringComparison.OrdinalIgnoreCase))
            .Where(_ => visibleOnly is null or true)
            .OrderByDescending(j => j.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenBy(j => j.Id, StringComparer.Ordinal)
            .ToList();
        var pageSize = options.Value.ListPageSize > 0 ? options.Value.ListPageSize : Math.Max(rows.Count, 1);
        var page = new LiteServerJobPage
        {
            Current = 1,
            Pages = Math.Max(1, (rows.Count + pageSize - 1) / pageSize),
            Size = pageSize,
            Total = rows.Count,
            Data = rows.Count > pageSize ? rows[..pageSize] : rows,
        };
        return Results.Text(JsonSerializer.Serialize(page), "application/json");
    }

    /// <summary>What the gateway does before ModelArts sees the request: request id, latency, signature, project.</summary>
    private static async Task<IResult?> GateAsync(string projectId, string? jobId, HttpContext context, JobCatalog catalog,
        SimulatorOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        catalog.CountRequest(context.Request.Path.Value ?? "", jobId);
        context.Response.Headers["X-Request-Id"] = Guid.NewGuid().ToString("N");
        if (options.Latency > TimeSpan.Zero)
        {
            await Task.Delay(options.Latency, cancellationToken);
        }
        if (SignatureVerifier.Verify(context, options, time) is { } signatureError)
        {
            return Error(context, signatureError);
        }
        var headerProject = context.Request.Headers["X-Project-Id"].ToString();
        if (headerProject.Length > 0 && !string.Equals(headerProject, projectId, StringComparison.Ordinal))
        {
            return Error(context, SimulatedError.ProjectMismatch);
        }
        if (options.ProjectId is { Length: > 0 } only && !string.Equals(only, projectId, StringComparison.Ordinal))
        {
            return Error(context, SimulatedError.ProjectNotFound);
        }
        return null;
    }

    private static IResult Error(HttpContext context, SimulatedError error)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Results.Json(new Dictionary<string, string> { ["error_code"] = error.Code, ["error_msg"] = error.Message },
            statusCode: (int)error.Status);
    }
}
