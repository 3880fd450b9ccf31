using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// The real bot (Program, CloudAdapter, every service) in process, talking real HTTP to a ModelArts simulator and to a
/// fake Teams connector, both on loopback. Activities go in as JSON through <c>/api/messages</c>, as a channel sends them.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    public const string ProjectId = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";
    public const string AccessKey = "BOTTESTACCESSKEY000001";
    public const string SecretKey = "bot-test-secret-key-0123456789abcdefgh";

    private readonly Factory _factory;
    private readonly string _dataFolder;

    private BotTestHost(SimulatorHost simulator, FakeConnector connector, Factory factory, string dataFolder)
    {
        Simulator = simulator;
        Connector = connector;
        _factory = factory;
        _dataFolder = dataFolder;
        Http = factory.CreateClient();
    }

    public SimulatorHost Simulator { get; }

    public FakeConnector Connector { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts simulator, connector and bot. <paramref name="settings"/> override the test defaults.</summary>
    public static async Task<BotTestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        TimeProvider? simulatorTime = null)
    {
        var simulator = await SimulatorHost.StartAsync(
            new SimulatorOptions { AccessKey = AccessKey, SecretKey = SecretKey, ProjectId = ProjectId, SlowDelay = TimeSpan.FromSeconds(30) },
            simulatorTime);
        var connector = await FakeConnector.StartAsync();
        var dataFolder = Directory.CreateTempSubdirectory("chatopsbot-test-").FullName;
        var all = new Dictionary<string, string?>
        {
            ["DevelopmentSimulator:Enabled"] = "false",
            ["ModelArts:Endpoint"] = simulator.BaseAddress.ToString(),
            ["ModelArts:ProjectId"] = ProjectId,
            ["ModelArts:AccessKey"] = AccessKey,
            ["ModelArts:SecretKey"] = SecretKey,
            // Generous for two busy cores: a slow answer from the loopback simulator must not turn into a timeout card.
            // Still below the simulator's 30 s job-slow, which times out after two attempts; and an attempt shorter
            // than job-throttled's 7 s Retry-After, so that is answered at once.
            ["ModelArts:AttemptTimeout"] = "00:00:05",
            ["ModelArts:TotalTimeout"] = "00:00:25",
            ["ModelArts:MaxRetries"] = "1",
            ["Watching:DataFolder"] = dataFolder,
            // On a loaded machine an answer can take over a second of real time; "typing…" then is no test's subject.
            ["Bot:TypingDelay"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var factory = new Factory(all, services);
        return new BotTestHost(simulator, connector, factory, dataFolder);
    }

    /// <summary>Posts an activity with <c>deliveryMode: expectReplies</c>; the bot's replies come back in the response.</summary>
    public async Task<IReadOnlyList<JsonObject>> SendAsync(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity["deliveryMode"] = "expectReplies";
        using var response = await Http.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length == 0)
        {
            return [];
        }
        return [.. JsonNode.Parse(body)!["activities"]!.AsArray().Select(a => a!.AsObject())];
    }

    /// <summary>Posts an invoke activity; returns the invoke response body.</summary>
    public async Task<JsonNode?> InvokeAsync(JsonObject activity)
    {
        using var response = await Http.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? null : JsonNode.Parse(body);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await Connector.DisposeAsync();
        await Simulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
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
}
