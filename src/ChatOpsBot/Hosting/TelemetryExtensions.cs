using ChatOpsBot.ModelArts.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ChatOpsBot.Hosting;

public static class TelemetryExtensions
{
    /// <summary>
    /// <see cref="ChatOpsMetrics"/> (always registered: code records whether or not anything exports), the ModelArts
    /// request counter in the ModelArts client's pipeline, and, when <c>Telemetry:Enabled</c>, OpenTelemetry metrics
    /// (the <c>ChatOpsBot</c> meter, ASP.NET Core and HttpClient) pushed over OTLP. Call after <c>AddModelArtsClient</c>:
    /// handlers run in the order added, and the counter must sit inside the retries to count every try.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<ChatOpsMetrics>();
        services.TryAddTransient<ModelArtsRequestMetricsHandler>();
        // The typed client's name is its type's name.
        services.AddHttpClient(nameof(LiteServerJobClient)).AddHttpMessageHandler<ModelArtsRequestMetricsHandler>();

        var settings = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled)
        {
            return builder;
        }
        services.AddOpenTelemetry()
            // Each instance its own service.instance.id, so several instances' counters add up instead of overwriting.
            .ConfigureResource(resource => resource.AddService(ChatOpsMetrics.MeterName, autoGenerateServiceInstanceId: true))
            .WithMetrics(metrics => metrics
                .AddMeter(ChatOpsMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter((exporter, reader) =>
                {
                    if (settings.OtlpEndpoint.Length > 0)
                    {
                        var grpc = settings.OtlpProtocol == "Grpc";
                        exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        // Given in code, the endpoint is used as it is: over HTTP it must name the signal's path.
                        var endpoint = new Uri(settings.OtlpEndpoint.TrimEnd('/') + "/");
                        exporter.Endpoint = grpc ? endpoint : new Uri(endpoint, "v1/metrics");
                    }
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)settings.ExportInterval.TotalMilliseconds;
                }));
        return builder;
    }
}
