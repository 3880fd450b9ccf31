using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.Security;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Hosting;

/// <summary>
/// Ready only while the validated settings are valid. They are checked at start; this catches a reload of
/// appsettings.json (or of a key vault) that broke them later, which would otherwise fail every request quietly.
/// The validators' messages name settings, never their values.
/// </summary>
public sealed class ConfigurationHealthCheck(
    IOptionsMonitor<ModelArtsOptions> modelArts,
    IOptionsMonitor<WatchOptions> watching,
    IOptionsMonitor<AccessPolicyOptions> security) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        Read(() => modelArts.CurrentValue, failures);
        Read(() => watching.CurrentValue, failures);
        Read(() => security.CurrentValue, failures);
        return Task.FromResult(failures.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Invalid configuration: " + string.Join(" ", failures)));
    }

    private static void Read(Func<object> current, List<string> failures)
    {
        try
        {
            current();
        }
        catch (OptionsValidationException error)
        {
            failures.AddRange(error.Failures);
        }
    }
}
