using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using ChatOpsBot.Hosting;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ChatOpsBot.Tests.Hosting;

/// <summary>The bot's metrics: counted where the facts happen, pushed over OTLP when enabled, never served by the bot.</summary>
public sealed class TelemetryTests
{
    private const string SeedJobId = "0319470a-7fad-452e-bff0-d3ba3bd83955";

    [Fact]
    public async Task Job_command_through_the_bot_counts_one_ok_ModelArts_request()
    {
        await using var bot = await BotTestHost.StartAsync();
        using var requests = ModelArtsRequests(bot);

        await bot.SendAsync(RecordedActivity.PersonalText($"job {SeedJobId}", bot.Connector.ServiceUrl));

        var request = Assert.Single(requests.GetMeasurementSnapshot());
        Assert.Equal(1, request.Value);
        Assert.Equal("ok", request.Tags["outcome"]);
    }

    [Fact]
    public async Task Unknown_job_counts_a_not_found_ModelArts_request()
    {
        await using var bot = await BotTestHost.StartAsync();
        using var requests = ModelArtsRequests(bot);

        await bot.SendAsync(RecordedActivity.PersonalText("job no-such-job-anywhere", bot.Connector.ServiceUrl));

        Assert.Equal(["not_found"], requests.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task Retried_server_error_counts_every_try()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["ModelArts:MaxRetries"] = "1" });
        using var requests = ModelArtsRequests(bot);

        await bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.ServerErrorJobId}", bot.Connector.ServiceUrl));

        Assert.Equal(["server_error", "server_error"], requests.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task Try_that_runs_out_of_time_counts_as_a_timeout()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["ModelArts:MaxRetries"] = "0" });
        using var requests = ModelArtsRequests(bot);

        await bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.SlowJobId}", bot.Connector.ServiceUrl));

        Assert.Equal(["timeout"], requests.GetMeasurementSnapshot().Select(m => m.Tags["outcome"]));
    }

    [Fact]
    public async Task Bot_process_pushes_its_metrics_over_OTLP_and_serves_none_on_its_own_port()
    {
        await using var collector = await FakeOtlpCollector.StartAsync();
        await using var connector = await FakeConnector.StartAsync();
        var dataFolder = Directory.CreateTempSubdirectory("chatopsbot-telemetry-").FullName;
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Watching__DataFolder"] = dataFolder,
            ["Telemetry__Enabled"] = "true",
            ["Telemetry__OtlpEndpoint"] = collector.BaseAddress.ToString(),
            ["Telemetry__ExportInterval"] = "00:00:01",
        });

        var activity = RecordedActivity.PersonalText($"job {SeedJobId}", connector.ServiceUrl);
        activity["deliveryMode"] = "expectReplies";
        using (var turn = await bot.Http.PostAsJsonAsync("api/messages", activity))
        {
            Assert.Equal(HttpStatusCode.OK, turn.StatusCode);
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var export = await collector.WaitForExportContainingAsync("chatopsbot.modelarts.requests", patience.Token);

        Assert.True(Contains(export, "http.server.request.duration"), "ASP.NET Core's request metrics are exported too.");
        Assert.True(Contains(export, "service.instance.id"), "Each instance names itself, so several instances add up.");
        foreach (var path in new[] { "metrics", "metrics/prometheus", "v1/metrics" })
        {
            using var response = await bot.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        await bot.DisposeAsync();
        Directory.Delete(dataFolder, recursive: true);
    }

    [Theory]
    [InlineData("localhost:4318", "HttpProtobuf", "00:01:00", "Telemetry:OtlpEndpoint")]
    [InlineData("", "grpc", "00:01:00", "Telemetry:OtlpProtocol")]
    [InlineData("", "Grpc", "00:00:00.100", "Telemetry:ExportInterval")]
    public void Settings_that_would_export_nowhere_or_flood_the_collector_are_refused(string endpoint, string protocol, string interval, string named)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions
        {
            Enabled = true,
            OtlpEndpoint = endpoint,
            OtlpProtocol = protocol,
            ExportInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_settings_are_valid_and_export_nothing()
    {
        var defaults = new TelemetryOptions();

        Assert.False(defaults.Enabled);
        Assert.True(new TelemetryOptionsValidator().Validate(null, defaults).Succeeded);
    }

    private static MetricCollector<long> ModelArtsRequests(BotTestHost bot) =>
        new(bot.Services.GetRequiredService<IMeterFactory>(), "ChatOpsBot", "chatopsbot.modelarts.requests");

    private static bool Contains(byte[] export, string text) => export.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(text)) >= 0;
}
