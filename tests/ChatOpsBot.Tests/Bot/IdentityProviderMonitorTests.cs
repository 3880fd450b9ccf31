using ChatOpsBot.Bot;
using ChatOpsBot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Bot;

/// <summary>An identity provider outage is one warning a minute, and Degraded readiness until a token is checked again.</summary>
public sealed class IdentityProviderMonitorTests
{
    private const string MetadataUrl = "https://127.0.0.1:9/v1/.well-known/openidconfiguration";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<IdentityProviderMonitor> _log = new();
    private readonly IdentityProviderMonitor _monitor;

    public IdentityProviderMonitorTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ToBotFromChannelOpenIdMetadataUrl"] = MetadataUrl })
            .Build();
        _monitor = new IdentityProviderMonitor(configuration, _time, _log);
    }

    [Fact]
    public void The_outage_is_logged_at_most_once_a_minute_naming_the_url_and_the_cause()
    {
        for (var i = 0; i < 5; i++)
        {
            _monitor.ReportUnreachable(Outage());
            _time.Advance(TimeSpan.FromSeconds(10));
        }
        Assert.Single(Warnings());

        _time.Advance(TimeSpan.FromSeconds(10));
        _monitor.ReportUnreachable(Outage());

        var warnings = Warnings();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w =>
        {
            Assert.Contains(MetadataUrl, w.Message, StringComparison.Ordinal);
            Assert.Contains("HttpRequestException: Connection refused (127.0.0.1:9)", w.Message, StringComparison.Ordinal);
            Assert.Null(w.Exception);
        });
    }

    [Fact]
    public async Task Readiness_is_degraded_during_the_outage_and_healthy_once_a_token_is_checked()
    {
        var check = new IdentityProviderHealthCheck(_monitor);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        _monitor.ReportUnreachable(Outage());
        var degraded = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(MetadataUrl, degraded.Description, StringComparison.Ordinal);

        _monitor.ReportReachable();
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public void Only_a_failed_fetch_counts_as_an_outage_never_a_bad_token()
    {
        Assert.True(IdentityProviderMonitor.IsUnreachable(Outage()));
        Assert.False(IdentityProviderMonitor.IsUnreachable(new UnauthorizedAccessException("Invalid AppId passed on token")));
        Assert.False(IdentityProviderMonitor.IsUnreachable(new ArgumentException("IDX12741: JWT must have three segments")));
        Assert.False(IdentityProviderMonitor.IsUnreachable(new InvalidOperationException("Sequence contains no elements")));
    }

    private List<FakeLogRecord> Warnings() => [.. _log.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning)];

    // The shape IdentityModel throws: IDX20803 around IDX20804 around the HTTP failure.
    private static InvalidOperationException Outage() =>
        new("IDX20803: Unable to obtain configuration from: '[PII of type 'System.String' is hidden.]'.",
            new IOException("IDX20804: Unable to retrieve document from: '[PII of type 'System.String' is hidden.]'.",
                new HttpRequestException("Connection refused (127.0.0.1:9)")));
}
