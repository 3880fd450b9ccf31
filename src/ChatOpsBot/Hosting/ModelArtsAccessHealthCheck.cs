using System.Globalization;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatOpsBot.Hosting;

/// <summary>
/// Degraded (still 200 on <c>/readyz</c>) while ModelArts refuses to list the project's jobs: watch polling is paused,
/// and every instance shares the refusal, so taking this one out of rotation would only take the bot down with it.
/// </summary>
public sealed class ModelArtsAccessHealthCheck(ProjectAccess access) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(access.Refusal is { } refusal
            ? HealthCheckResult.Degraded(string.Create(CultureInfo.InvariantCulture,
                $"ModelArts has refused to list the project's jobs since {refusal.Since:O} ({refusal.Kind}): watch polling is paused, no watch ends. Check ModelArts:ProjectId and the account's IAM policy."))
            : HealthCheckResult.Healthy());
}
