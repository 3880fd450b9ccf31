using System.Globalization;
using ChatOpsBot.ModelArts.Client;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.ModelArts.Configuration;

/// <summary>
/// Checks the <c>ModelArts</c> section at start and on every reload. Messages name the setting and how to set it,
/// never its value: a half-pasted secret must not end up in a log.
/// </summary>
public sealed class ModelArtsOptionsValidator : IValidateOptions<ModelArtsOptions>
{
    // Polly refuses timeouts outside this range; saying so here beats a stack trace from the pipeline.
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);
    private const int MaxRetryLimit = 10;

    public ValidateOptionsResult Validate(string? name, ModelArtsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        RequireCredential(failures, nameof(ModelArtsOptions.AccessKey), options.AccessKey, required: true);
        RequireCredential(failures, nameof(ModelArtsOptions.SecretKey), options.SecretKey, required: true);
        RequireCredential(failures, nameof(ModelArtsOptions.SecurityToken), options.SecurityToken, required: false);

        if (string.IsNullOrEmpty(options.ProjectId))
        {
            failures.Add(Missing(nameof(ModelArtsOptions.ProjectId)));
        }
        else if (!LiteServerIds.IsValidProjectId(options.ProjectId))
        {
            failures.Add($"{Key(nameof(ModelArtsOptions.ProjectId))} must be 1 to 64 letters, digits or '-' (see 'Obtaining a Project ID' in the Huawei Cloud console).");
        }

        if (!ModelArtsEndpoints.IsRegion(options.Region))
        {
            failures.Add($"{Key(nameof(ModelArtsOptions.Region))} must look like 'cn-north-4': lower-case words and a number joined by '-'.");
        }

        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !IsUsableEndpoint(options.Endpoint.Trim()))
        {
            failures.Add($"{Key(nameof(ModelArtsOptions.Endpoint))} must be an absolute http or https URL without user info, query or fragment, " +
                $"such as https://modelarts.cn-north-4.myhuaweicloud.com; leave it empty to derive it from {Key(nameof(ModelArtsOptions.Region))}.");
        }

        var attemptOk = CheckTimeout(failures, nameof(ModelArtsOptions.AttemptTimeout), options.AttemptTimeout);
        var totalOk = CheckTimeout(failures, nameof(ModelArtsOptions.TotalTimeout), options.TotalTimeout);
        if (attemptOk && totalOk && options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add($"{Key(nameof(ModelArtsOptions.AttemptTimeout))} ({Seconds(options.AttemptTimeout)}) must not exceed " +
                $"{Key(nameof(ModelArtsOptions.TotalTimeout))} ({Seconds(options.TotalTimeout)}).");
        }

        if (options.MaxRetries is < 0 or > MaxRetryLimit)
        {
            failures.Add($"{Key(nameof(ModelArtsOptions.MaxRetries))} must be between 0 and {MaxRetryLimit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The current options when they hold the credentials to sign; otherwise a <see cref="ModelArtsErrorKind.NotConfigured"/>
    /// error. Read at send time, so a rotated key is used by the next request and a broken reload fails calls, not the process.
    /// </summary>
    internal static ModelArtsOptions RequireCredentials(IOptionsMonitor<ModelArtsOptions> monitor)
    {
        ModelArtsOptions options;
        try
        {
            options = monitor.CurrentValue;
        }
        catch (OptionsValidationException e)
        {
            throw NotConfigured(string.Join(" ", e.Failures), e);
        }
        if (string.IsNullOrEmpty(options.AccessKey))
        {
            throw NotConfigured(Missing(nameof(ModelArtsOptions.AccessKey)));
        }
        if (string.IsNullOrEmpty(options.SecretKey))
        {
            throw NotConfigured(Missing(nameof(ModelArtsOptions.SecretKey)));
        }
        return options;
    }

    /// <summary>As <see cref="RequireCredentials"/>, and a project id, which every Lite Server path holds.</summary>
    internal static ModelArtsOptions RequireUsable(IOptionsMonitor<ModelArtsOptions> monitor)
    {
        var options = RequireCredentials(monitor);
        return string.IsNullOrEmpty(options.ProjectId) ? throw NotConfigured(Missing(nameof(ModelArtsOptions.ProjectId))) : options;
    }

    internal static string Missing(string setting) =>
        $"{Key(setting)} is missing: set it with the environment variable {ModelArtsOptions.SectionName}__{setting} or user-secrets.";

    private static ModelArtsApiException NotConfigured(string message, Exception? inner = null) =>
        new(ModelArtsErrorKind.NotConfigured, null, null, message, null, inner);

    private static string Key(string setting) => $"{ModelArtsOptions.SectionName}:{setting}";

    private static void RequireCredential(List<string> failures, string setting, string? value, bool required)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                failures.Add(Missing(setting));
            }
        }
        else if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // A trailing newline from a copy-paste makes every signature wrong, and the gateway locks the key after a few.
            failures.Add($"{Key(setting)} contains whitespace or a control character: check how it was pasted.");
        }
    }

    private static bool IsUsableEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0;

    private static bool CheckTimeout(List<string> failures, string setting, TimeSpan value)
    {
        if (value >= MinTimeout && value <= MaxTimeout)
        {
            return true;
        }
        failures.Add(value <= TimeSpan.Zero
            ? $"{Key(setting)} must be positive, e.g. 00:00:03 for 3 seconds."
            : $"{Key(setting)} must be between 10 ms and 1 day.");
        return false;
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
