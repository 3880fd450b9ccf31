using System.Globalization;
using ChatOpsBot.Bot;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatOpsBot.Hosting;

/// <summary>
/// Degraded (still 200 on <c>/readyz</c>) while the Bot Framework identity provider could not be read: every instance
/// shares that outage, so taking this one out of rotation would only take the bot down with it.
/// </summary>
public sealed class IdentityProviderHealthCheck(IdentityProviderMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.CurrentOutage is { } outage
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"The Bot Framework identity provider's metadata at {monitor.MetadataUrl} could not be read at {outage.Since:O}: {outage.Reason}"))
            : HealthCheckResult.Healthy());
}
