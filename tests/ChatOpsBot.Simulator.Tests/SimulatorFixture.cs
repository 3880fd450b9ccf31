using ChatOpsBot.ModelArts;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>
/// A simulator on loopback whose clock the test moves, and the project's real signed client pointed at it.
/// </summary>
public sealed class SimulatorFixture : IAsyncDisposable
{
    public const string ProjectId = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";
    public const string AccessKey = "SIMULATORTESTACCESSKEY";
    public const string SecretKey = "simulator-test-secret-0123456789abcdef";

    private readonly ServiceProvider _services;

    private SimulatorFixture(SimulatorHost host, FakeTimeProvider time, ServiceProvider services)
    {
        Host = host;
        Time = time;
        _services = services;
    }

    public SimulatorHost Host { get; }

    public FakeTimeProvider Time { get; }

    public ILiteServerJobClient Client => _services.GetRequiredService<ILiteServerJobClient>();

    /// <summary>
    /// A plain HttpClient whose requests the project's signer signs, for what the typed client does not send (the list
    /// API's <c>visible</c> filter) and to read an answer's JSON as it is. The caller disposes it.
    /// </summary>
    public HttpClient SignedHttp()
    {
        var signer = _services.GetRequiredService<AkSkSigningHandler>();
        signer.InnerHandler = new SocketsHttpHandler();
        return new HttpClient(signer) { BaseAddress = Host.BaseAddress };
    }

    public static async Task<SimulatorFixture> StartAsync(Action<SimulatorOptions>? adjust = null, string secretKey = SecretKey)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SimulatorOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            ProjectId = ProjectId,
            SlowDelay = TimeSpan.FromSeconds(30),
        };
        adjust?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options, time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelArts:Endpoint"] = host.BaseAddress.ToString(),
            ["ModelArts:ProjectId"] = ProjectId,
            ["ModelArts:AccessKey"] = AccessKey,
            ["ModelArts:SecretKey"] = secretKey,
            // Generous for a loaded two-core machine (a 2 s attempt timed out there); the slow fixture's 30 s still outlasts them.
            ["ModelArts:AttemptTimeout"] = "00:00:08",
            ["ModelArts:TotalTimeout"] = "00:00:16",
            ["ModelArts:MaxRetries"] = "1",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddLogging()
            .AddModelArtsClient()
            .BuildServiceProvider();
        return new SimulatorFixture(host, time, services);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Host.DisposeAsync();
    }
}
