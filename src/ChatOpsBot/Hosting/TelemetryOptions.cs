namespace ChatOpsBot.Hosting;

/// <summary>
/// The <c>Telemetry</c> configuration section: OpenTelemetry metrics pushed over OTLP to a collector, off by default.
/// Read once at start. Nothing is served on the bot's own port: the bot pushes, nobody scrapes it.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public bool Enabled { get; set; }

    /// <summary>
    /// The collector's base address (<c>http://localhost:4318</c> for OTLP over HTTP, <c>:4317</c> for gRPC); the
    /// signal path is added. Empty: the standard <c>OTEL_EXPORTER_OTLP_*</c> environment variables, else the exporter's
    /// default.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary><c>HttpProtobuf</c> or <c>Grpc</c>; applies with <see cref="OtlpEndpoint"/>.</summary>
    public string OtlpProtocol { get; set; } = "HttpProtobuf";

    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
