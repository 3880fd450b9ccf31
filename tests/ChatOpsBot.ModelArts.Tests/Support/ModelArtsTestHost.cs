using ChatOpsBot.ModelArts.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>
/// The client as a host gets it: <c>AddModelArtsClient()</c> over in-memory configuration, with every log record kept.
/// </summary>
public sealed class ModelArtsTestHost : IDisposable
{
    public const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    public const string AccessKey = "HWAKTESTACCESSKEY00001";
    public const string SecretKey = "hwSkTestSecret0123456789abcdefghijklmnop";
    public const string SecurityToken = "gQpTestSecurityToken+/=0123456789abcdef";

    private ModelArtsTestHost(IConfigurationRoot configuration, ServiceProvider services)
    {
        Configuration = configuration;
        Services = services;
    }

    public IConfigurationRoot Configuration { get; }

    public ServiceProvider Services { get; }

    /// <summary>The signed HTTP client itself: every call is a request (no coalescing in front of it).</summary>
    public LiteServerJobClient Client => Services.GetRequiredService<LiteServerJobClient>();

    /// <summary>What the bot resolves: the signed client behind one-request-per-job-per-second coalescing.</summary>
    public ILiteServerJobClient SharedClient => Services.GetRequiredService<ILiteServerJobClient>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>
    /// Timeouts generous enough for two busy cores; a test of a slow server sets its own, and ends the wait with a
    /// gate, not the clock.
    /// </summary>
    public static Dictionary<string, string?> Settings(Uri endpoint) => new()
    {
        ["ModelArts:Endpoint"] = endpoint.ToString(),
        ["ModelArts:ProjectId"] = ProjectId,
        ["ModelArts:AccessKey"] = AccessKey,
        ["ModelArts:SecretKey"] = SecretKey,
        ["ModelArts:SecurityToken"] = SecurityToken,
        ["ModelArts:AttemptTimeout"] = "00:00:05",
        ["ModelArts:TotalTimeout"] = "00:00:25",
        ["ModelArts:MaxRetries"] = "2",
    };

    public static ModelArtsTestHost Create(Uri endpoint, Action<Dictionary<string, string?>>? adjust = null,
        Action<IServiceCollection>? configure = null)
    {
        var settings = Settings(endpoint);
        adjust?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        services.AddModelArtsClient();
        configure?.Invoke(services);
        return new ModelArtsTestHost(configuration, services.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>Changes settings the way a reloaded configuration source would.</summary>
    public void Reconfigure(string key, string? value)
    {
        Configuration[key] = value;
        Configuration.Reload();
    }

    public void Dispose() => Services.Dispose();
}
