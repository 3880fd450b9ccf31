using Microsoft.Extensions.Options;

namespace ChatOpsBot.Simulator;

/// <summary>
/// The simulator on its own Kestrel, on a free loopback port: real HTTP for tests and benchmarks of other projects.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public JobCatalog Catalog => _app.Services.GetRequiredService<JobCatalog>();

    public SimulatorOptions Options => _app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.Services.AddModelArtsSimulator(o => Copy(options, o));
        var app = builder.Build();
        app.MapModelArtsSimulator();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SimulatorHost(app, new Uri(app.Urls.First() + "/"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private static void Copy(SimulatorOptions from, SimulatorOptions to)
    {
        to.AccessKey = from.AccessKey;
        to.SecretKey = from.SecretKey;
        to.SecurityToken = from.SecurityToken;
        to.ProjectId = from.ProjectId;
        to.MaxClockSkew = from.MaxClockSkew;
        to.Latency = from.Latency;
        to.SlowDelay = from.SlowDelay;
        to.ProjectJobs = from.ProjectJobs;
        to.ListPageSize = from.ListPageSize;
        to.ProjectHistorySpeed = from.ProjectHistorySpeed;
    }
}
