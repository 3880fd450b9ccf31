using Microsoft.Extensions.Options;

namespace ChatOpsBot.Bot;

/// <summary>
/// Checks at start that the channel credentials make sense together, before the SDK meets them at the first request
/// (it would fail there, or worse, silently accept anonymous traffic). Messages name settings, never their values.
/// </summary>
public sealed class BotCredentialsValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public const string AppTypeKey = "MicrosoftAppType";
    public const string AppIdKey = "MicrosoftAppId";
    public const string AppPasswordKey = "MicrosoftAppPassword";
    public const string AppTenantIdKey = "MicrosoftAppTenantId";

    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var appType = configuration[AppTypeKey];
        var hasAppId = !string.IsNullOrWhiteSpace(configuration[AppIdKey]);
        var hasPassword = !string.IsNullOrEmpty(configuration[AppPasswordKey]);
        var hasTenant = !string.IsNullOrWhiteSpace(configuration[AppTenantIdKey]);

        if (options.MaxActivityBytes < 1024)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.MaxActivityBytes)} must be at least 1024.");
        }

        foreach (var entry in options.AllowedServiceUrlHosts.Where(e => !IsHostPattern(e)))
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.AllowedServiceUrlHosts)} holds \"{entry}\": give a host name " +
                "(smba.trafficmanager.net) or *. and a domain (*.botframework.com), without scheme, port or path.");
        }
        if (options.TypingDelay <= TimeSpan.Zero)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.TypingDelay)} must be positive.");
        }
        if (!string.IsNullOrWhiteSpace(options.PublicDomain) && Uri.CheckHostName(options.PublicDomain.Trim()) != UriHostNameType.Dns)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.PublicDomain)} must be a host name such as chatopsbot.example.com, without https:// or a path.");
        }
        if (hasAppId && !environment.IsDevelopment() && options.AllowedServiceUrlHosts.Count == 0)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.AllowedServiceUrlHosts)} is empty: the bot could answer no one. " +
                "Keep the defaults of appsettings.json, and add your cloud's Bot Framework hosts.");
        }

        var type = AppTypes.FirstOrDefault(t => string.Equals(t, appType?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(appType) && type is null)
        {
            // The SDK would quietly treat an unknown type as MultiTenant.
            failures.Add($"{AppTypeKey} must be one of {string.Join(", ", AppTypes)}.");
        }

        if (!hasAppId)
        {
            if (hasPassword)
            {
                failures.Add($"{AppPasswordKey} is set but {AppIdKey} is missing: set {AppIdKey} to the bot's Azure app id.");
            }
            else if (!environment.IsDevelopment() && !options.AllowAnonymous)
            {
                failures.Add($"{AppIdKey} is missing: outside Development the bot accepts only requests the Bot Framework channel " +
                    $"authenticated for its app id. Set {AppIdKey} (and {AppPasswordKey} in the environment), or set " +
                    $"{BotOptions.AllowAnonymousKey}=true to accept unauthenticated requests on purpose.");
            }
            return Result(failures);
        }

        switch (type ?? "MultiTenant")
        {
            case "UserAssignedMSI":
                RequireTenant(failures, hasTenant, "UserAssignedMSI");
                if (hasPassword)
                {
                    failures.Add($"{AppPasswordKey} must not be set when {AppTypeKey} is UserAssignedMSI: the managed identity needs no password.");
                }
                break;
            case "SingleTenant":
                RequireTenant(failures, hasTenant, "SingleTenant");
                RequirePassword(failures, hasPassword);
                break;
            default:
                RequirePassword(failures, hasPassword);
                break;
        }
        return Result(failures);
    }

    /// <summary>A host name, or <c>*.</c> and a domain; a URL (scheme, port, path) would never match a host.</summary>
    private static bool IsHostPattern(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }
        var host = entry.Trim();
        host = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
    }

    private static void RequireTenant(List<string> failures, bool hasTenant, string appType)
    {
        if (!hasTenant)
        {
            failures.Add($"{AppTenantIdKey} is missing: a {appType} bot needs the id of the Azure AD tenant that owns it.");
        }
    }

    private static void RequirePassword(List<string> failures, bool hasPassword)
    {
        if (!hasPassword)
        {
            failures.Add($"{AppPasswordKey} is missing: set it with the environment variable {AppPasswordKey} " +
                "(or user-secrets, or a key vault), never in appsettings.json.");
        }
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
