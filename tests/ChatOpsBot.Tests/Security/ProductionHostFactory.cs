using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The real Program in process, as Production, configured only by <paramref name="settings"/>. For hosts that start:
/// when a start fails, WebApplicationFactory may report its own ObjectDisposedException instead of the start-up error,
/// so failures are tested on the real process (<see cref="SecureBotProcess.RunToExitAsync"/>). <paramref name="services"/>
/// replaces services after the bot's own registrations.
/// </summary>
internal sealed class ProductionHostFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string AppPassword = "prod-app-password-Zx81Qm3Lp0Vt7Ws2";
    public const string AccessKey = "PRODAK4J8W2Q6R1T5Y9U";
    public const string SecretKey = "prod-secret-key-Hq2Lm9Pz4Xc7Vb1Nd6Ks";

    /// <summary>Settings a Production bot starts with (configuration keys); each test removes or spoils one.</summary>
    public static Dictionary<string, string?> ValidSettings(string dataFolder) => new()
    {
        ["MicrosoftAppType"] = "MultiTenant",
        ["MicrosoftAppId"] = "6b3c2f4e-8a1d-4c5b-9e7f-0a1b2c3d4e5f",
        ["MicrosoftAppPassword"] = AppPassword,
        ["Security:AllowedTenantIds:0"] = TenantId,
        ["ModelArts:Endpoint"] = "http://127.0.0.1:9/",
        ["ModelArts:ProjectId"] = "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        ["ModelArts:AccessKey"] = AccessKey,
        ["ModelArts:SecretKey"] = SecretKey,
        ["Watching:DataFolder"] = dataFolder,
    };

    /// <summary>The same settings as the environment variables of a bot process.</summary>
    public static Dictionary<string, string> AsEnvironment(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var environment = settings.Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return environment;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }
}
