using System.Security.Cryptography;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.Simulator;

namespace ChatOpsBot.Hosting;

/// <summary>
/// In Development, the bot talks to the ModelArts simulator mapped into its own process, signing for real with a key
/// pair made up at start (never written anywhere). Outside Development this does nothing: production never falls
/// back to the simulator.
/// </summary>
public static class DevelopmentSimulatorExtensions
{
    public const string EnabledKey = "DevelopmentSimulator:Enabled";
    public const string ProjectId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>How many times faster the simulator's project history runs (its <c>Simulator:ProjectHistorySpeed</c>).</summary>
    public const string ProjectHistorySpeedKey = "DevelopmentSimulator:ProjectHistorySpeed";

    public static WebApplicationBuilder AddDevelopmentSimulator(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsEnabled(builder.Environment, builder.Configuration))
        {
            return builder;
        }
        var accessKey = "SIMULATOR" + RandomNumberGenerator.GetHexString(12);
        var secretKey = RandomNumberGenerator.GetHexString(40, lowercase: true);
        var endpoint = OwnAddress(builder.Configuration["urls"]);
        var projectHistorySpeed = builder.Configuration.GetValue(ProjectHistorySpeedKey, 1.0);
        builder.Services.AddModelArtsSimulator(o =>
        {
            o.AccessKey = accessKey;
            o.SecretKey = secretKey;
            o.ProjectId = ProjectId;
            o.ProjectHistorySpeed = projectHistorySpeed;
        });
        builder.Services.PostConfigure<ModelArtsOptions>(o =>
        {
            o.Endpoint = endpoint;
            o.ProjectId = ProjectId;
            o.AccessKey = accessKey;
            o.SecretKey = secretKey;
            o.SecurityToken = null;
        });
        return builder;
    }

    public static WebApplication MapDevelopmentSimulator(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (IsEnabled(app.Environment, app.Configuration))
        {
            app.MapModelArtsSimulator();
        }
        return app;
    }

    private static bool IsEnabled(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration.GetValue(EnabledKey, true);

    /// <summary>The first address the bot listens on, as the client must call it (a wildcard host becomes localhost).</summary>
    private static string OwnAddress(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "http://localhost:3978";
        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }
        return first.TrimEnd('/') + "/";
    }
}
