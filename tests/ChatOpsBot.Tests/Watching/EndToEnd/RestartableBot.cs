using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The bot as a separate process (<see cref="BotProcess"/>) that a test can kill and start again, over what outlives
/// it: the simulator on a fake clock, the fake connector and the folder of <c>watches.db</c>. The bot polls every
/// second on real time; the test moves the simulator's clock to move the scripted history, and waits (bounded) for
/// what should follow.
/// </summary>
internal sealed class RestartableBot : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The claim lease the bot processes run with.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(5);

    private readonly string _dataFolder;
    private readonly SqliteWatchStore _store;
    private BotProcess? _bot;
    private readonly List<string> _previousOutput = [];

    private RestartableBot(FakeTimeProvider clock, SimulatorHost simulator, FakeConnector connector, string dataFolder)
    {
        Clock = clock;
        Simulator = simulator;
        Connector = connector;
        _dataFolder = dataFolder;
        _store = new SqliteWatchStore(Microsoft.Extensions.Options.Options.Create(new WatchOptions { DataFolder = dataFolder }),
            NullLogger<SqliteWatchStore>.Instance);
    }

    /// <summary>The simulator's clock. The bot signs with real time, so it starts a little behind real time and the
    /// whole history (9 min) stays well within the gateway's 15 minutes of allowed skew.</summary>
    public FakeTimeProvider Clock { get; }

    public SimulatorHost Simulator { get; }

    public FakeConnector Connector { get; }

    public static async Task<RestartableBot> StartAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()) - TimeSpan.FromMinutes(4));
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = BotTestHost.AccessKey,
            SecretKey = BotTestHost.SecretKey,
            ProjectId = BotTestHost.ProjectId,
        }, clock);
        var connector = await FakeConnector.StartAsync();
        var dataFolder = Directory.CreateTempSubdirectory("chatopsbot-restart-").FullName;
        return new RestartableBot(clock, simulator, connector, dataFolder);
    }

    /// <summary>Starts a bot process over the same watches.db; returns once it answers /healthz.</summary>
    public async Task StartBotAsync()
    {
        Assert.Null(_bot);
        _bot = await BotProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DevelopmentSimulator__Enabled"] = "false",
            ["ModelArts__Endpoint"] = Simulator.BaseAddress.ToString(),
            ["ModelArts__ProjectId"] = BotTestHost.ProjectId,
            ["ModelArts__AccessKey"] = BotTestHost.AccessKey,
            ["ModelArts__SecretKey"] = BotTestHost.SecretKey,
            ["ModelArts__AttemptTimeout"] = "00:00:10",
            ["ModelArts__TotalTimeout"] = "00:00:20",
            ["Watching__DataFolder"] = _dataFolder,
            ["Watching__PollInterval"] = "00:00:01",
            ["Watching__FastPollInterval"] = "00:00:01",
            ["Watching__ListPollInterval"] = "00:00:01",
            // A killed bot's claims lapse after this; the restarted one (or another instance) then takes them over.
            ["Watching__ClaimLease"] = ClaimLease.ToString("c", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Kills the bot process and its children at once: no shutdown, no disposal.</summary>
    public async Task KillBotAsync()
    {
        Assert.NotNull(_bot);
        await _bot.KillAsync();
        _previousOutput.Add(_bot.Output);
        await _bot.DisposeAsync();
        _bot = null;
    }

    /// <summary>Posts an activity as Teams does: the replies go to the connector. Returns when the turn is over.</summary>
    public async Task DeliverAsync(JsonObject activity)
    {
        Assert.NotNull(_bot);
        using var response = await _bot.Http.PostAsJsonAsync("api/messages", activity);
        Assert.True(response.IsSuccessStatusCode, $"The bot answered {(int)response.StatusCode}.\n{Diagnostics()}");
    }

    public JsonObject InPersonalChat(string text) => RecordedActivity.PersonalText(text, Connector.ServiceUrl);

    /// <summary>Waits, at most <see cref="Patience"/>, until the connector's calls satisfy <paramref name="done"/>.</summary>
    public Task WaitForCallsAsync(Func<IReadOnlyList<ConnectorCall>, bool> done, string what) =>
        WaitAsync(() => Task.FromResult(done(Connector.Calls)), what);

    /// <summary>Waits, at most <see cref="Patience"/>, until the conversation's watches as stored satisfy <paramref name="done"/>.</summary>
    public Task WaitForWatchesAsync(string conversationId, Func<IReadOnlyList<Watch>, bool> done, string what) =>
        WaitAsync(async () => done(await _store.ListByConversationAsync(conversationId, CancellationToken.None)), what);

    /// <summary>Waits, at most <see cref="Patience"/>, until no news waits in either outbox (everything recorded was marked sent).</summary>
    public Task WaitForNoPendingNewsAsync(string what) =>
        WaitAsync(async () =>
        {
            await using var connection = new SqliteConnection($"Data Source={_store.DatabasePath};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT (SELECT COUNT(*) FROM deliveries WHERE done_at_ms IS NULL)
                     + (SELECT COUNT(*) FROM subscription_deliveries WHERE done_at_ms IS NULL)
                """;
            return (long)(await command.ExecuteScalarAsync())! == 0;
        }, what);

    public async ValueTask DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
        _store.Dispose();
        await Connector.DisposeAsync();
        await Simulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans /tmp.
        }
    }

    private async Task WaitAsync(Func<Task<bool>> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await done())
        {
            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"Waited {Patience.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for {what}.\n{Diagnostics()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private string Diagnostics() =>
        "Connector calls:\n  " + string.Join("\n  ", Connector.Calls.Describe()) +
        "\nBot output:\n" + string.Join("\n--- (restarted) ---\n", [.. _previousOutput, _bot?.Output ?? ""]);
}
