using Microsoft.Extensions.Options;

namespace ChatOpsBot.Hosting;

/// <summary>Refuses a telemetry setting that would export nowhere or flood the collector, at start.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private static readonly TimeSpan MinExportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxExportInterval = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = TelemetryOptions.SectionName;
        var errors = new List<string>();
        if (options.OtlpEndpoint.Length > 0
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            errors.Add($"{S}:OtlpEndpoint must be an absolute http or https address, or empty (is '{options.OtlpEndpoint}').");
        }
        if (options.OtlpProtocol is not ("HttpProtobuf" or "Grpc"))
        {
            errors.Add($"{S}:OtlpProtocol must be HttpProtobuf or Grpc (is '{options.OtlpProtocol}').");
        }
        if (options.ExportInterval < MinExportInterval || options.ExportInterval > MaxExportInterval)
        {
            errors.Add($"{S}:ExportInterval must be between {MinExportInterval} and {MaxExportInterval} (is {options.ExportInterval}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
