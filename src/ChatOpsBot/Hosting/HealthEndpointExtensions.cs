using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ChatOpsBot.Hosting;

/// <summary>
/// <c>GET /healthz</c> (liveness) and <c>GET /readyz</c> (readiness) for App Service health checks, Kubernetes probes
/// and load balancers. Both answer only <c>Healthy</c>, <c>Degraded</c> (still 200) or <c>Unhealthy</c>: the reasons,
/// which name files and settings, go to the log (category <c>Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService</c>), never to
/// an anonymous caller.
/// </summary>
public static class HealthEndpointExtensions
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    public const string ReadinessTag = "ready";

    public static IServiceCollection AddHealthEndpoints(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadinessTag])
            .AddCheck<WatchStoreHealthCheck>("watch-store", tags: [ReadinessTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<IdentityProviderHealthCheck>("identity-provider", tags: [ReadinessTag])
            .AddCheck<ModelArtsAccessHealthCheck>("modelarts-access", tags: [ReadinessTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness runs no check: a restart cures a hung process, not a missing disk or a bad setting, so those only
        // take the instance out of rotation (readiness) instead of restarting it in a loop.
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessTag) });
        return endpoints;
    }
}
