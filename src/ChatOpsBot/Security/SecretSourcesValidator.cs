using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

/// <summary>
/// Refuses to start when a secret has a value in an appsettings file: that file is committed and copied with the
/// binaries. Secrets come from the environment, user-secrets or a key vault. Runs with the <c>Security</c> section's
/// validation; messages name the setting and the file, never the value.
/// </summary>
public sealed class SecretSourcesValidator(IConfiguration configuration) : IValidateOptions<AccessPolicyOptions>
{
    /// <summary>Every setting that holds a secret.</summary>
    public static readonly IReadOnlyList<string> SecretKeys =
        ["MicrosoftAppPassword", "ModelArts:AccessKey", "ModelArts:SecretKey", "ModelArts:SecurityToken", "ConnectionStrings:Watches"];

    public ValidateOptionsResult Validate(string? name, AccessPolicyOptions options)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return ValidateOptionsResult.Skip;
        }
        var failures = new List<string>();
        foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
        {
            var file = Path.GetFileName(provider.Source.Path ?? "");
            if (!file.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var key in SecretKeys)
            {
                if (provider.TryGet(key, out var value) && !string.IsNullOrEmpty(value))
                {
                    failures.Add($"{key} has a value in {file}: secrets never go in appsettings files. Remove it there and set the " +
                        $"environment variable {key.Replace(":", "__", StringComparison.Ordinal)} (or use user-secrets or a key vault).");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
