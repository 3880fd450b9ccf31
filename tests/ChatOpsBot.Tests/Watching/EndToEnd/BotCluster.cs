using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Several bot processes (<see cref="BotProcess"/>) over one watch store — a PostgreSQL database or one SQLite file —
/// with one simulator on a fake clock (the test moves the scripted histories) and one fake connector, whose record
/// spans every process: a lost or repeated message shows there. Each bot polls every second, with a short claim lease.
/// </summary>
internal sealed class BotCluster : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(5);

    private readonly string? _postgres;
    private readonly string _sqliteFolder;
    private readonly BotProcess?[] _bots;
    private readonly List<string> _outputs = [];
    private readonly IReadOnlyDictionary<string, string?> _settings;

    private BotCluster(int size, FakeTimeProvider clock, SimulatorHost simulator, FakeConnector connector, string? postgres, string sqliteFolder,
        IReadOnlyDictionary<string, string?> settings)
    {
        _settings = settings;
        _bots = new BotProcess?[size];
        Clock = clock;
        Simulator = simulator;
        Connector = connector;
        _postgres = postgres;
        _sqliteFolder = sqliteFolder;
    }

    public FakeTimeProvider Clock { get; }

    public SimulatorHost Simulator { get; }

    public FakeConnector Connector { get; }

    /// <param name="postgres">The database's connection string; null for one SQLite file shared by every process.</param>
    /// <param name="settings">Environment variables every bot process gets on top of the cluster's own.</param>
    public static async Task<BotCluster> StartAsync(int size, string? postgres, IReadOnlyDictionary<string, string?>? settings = null)
    {
        // The bot signs with real time: the simulator's clock starts a little behind it, so a whole history stays well
        // within the gateway's 15 minutes of allowed skew.
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()) - TimeSpan.FromMinutes(4));
        var simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = BotTestHost.AccessKey,
            SecretKey = BotTestHost.SecretKey,
            ProjectId = BotTestHost.ProjectId,
        }, clock);
        var connector = await FakeConnector.StartAsync();
        var cluster = new BotCluster(size, clock, simulator, connector, postgres, Directory.CreateTempSubdirectory("chatopsbot-cluster-").FullName,
            settings ?? new Dictionary<string, string?>());
        await Task.WhenAll(Enumerable.Range(0, size).Select(cluster.StartBotAsync));
        return cluster;
    }

    public async Task StartBotAsync(int index)
    {
        Assert.Null(_bots[index]);
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DevelopmentSimulator__Enabled"] = "false",
            ["ModelArts__Endpoint"] = Simulator.BaseAddress.ToString(),
            ["ModelArts__ProjectId"] = BotTestHost.ProjectId,
            ["ModelArts__AccessKey"] = BotTestHost.AccessKey,
            ["ModelArts__SecretKey"] = BotTestHost.SecretKey,
            ["ModelArts__AttemptTimeout"] = "00:00:10",
            ["ModelArts__TotalTimeout"] = "00:00:20",
            ["Watching__PollInterval"] = "00:00:01",
            ["Watching__FastPollInterval"] = "00:00:01",
            ["Watching__ClaimLease"] = ClaimLease.ToString("c", CultureInfo.InvariantCulture),
            ["Watching__DataFolder"] = _sqliteFolder,
            ["Watching__Store"] = _postgres is null ? "Sqlite" : "Postgres",
            ["ConnectionStrings__Watches"] = _postgres,
        };
        foreach (var (key, value) in _settings)
        {
            environment[key] = value;
        }
        _bots[index] = await BotProcess.StartAsync(environment);
    }

    /// <summary>kill -9: no shutdown, no disposal.</summary>
    public async Task KillBotAsync(int index)
    {
        var bot = _bots[index];
        Assert.NotNull(bot);
        await bot.KillAsync();
        _outputs.Add(bot.Output);
        await bot.DisposeAsync();
        _bots[index] = null;
    }

    public string Output(int index) => _bots[index]?.Output ?? "";

    /// <summary>Posts an activity to one bot as Teams does; its replies go to the connector.</summary>
    public async Task DeliverAsync(int index, JsonObject activity)
    {
        var bot = _bots[index];
        Assert.NotNull(bot);
        using var response = await bot.Http.PostAsJsonAsync("api/messages", activity);
        Assert.True(response.IsSuccessStatusCode, $"Bot {index} answered {(int)response.StatusCode}.\n{Diagnostics()}");
    }

    /// <summary>A personal-chat message as Teams sends it, in the conversation <paramref name="conversationId"/>.</summary>
    public JsonObject InChat(string conversationId, string text)
    {
        var activity = RecordedActivity.PersonalText(text, Connector.ServiceUrl);
        activity["conversation"]!["id"] = conversationId;
        return activity;
    }

    /// <summary>The news posts Teams answered (not the replies to commands), per conversation, in order.</summary>
    public IReadOnlyList<string> NewsTo(string conversationId) =>
        [.. Connector.Calls.Where(c => c.Method == "POST" && c.ConversationId == conversationId && c.AnsweredStatus is >= 200 and < 300
            && c.Text is { } text && IsNews(text)).Select(c => c.Text!)];

    public Task WaitForCallsAsync(Func<IReadOnlyList<ConnectorCall>, bool> done, string what) =>
        WaitAsync(() => Task.FromResult(done(Connector.Calls)), what);

    /// <summary>Waits until the outbox is empty: everything recorded was marked sent.</summary>
    public Task WaitForNoPendingNewsAsync(string what) => WaitForPendingNewsAsync(0, what);

    /// <summary>Waits until exactly <paramref name="count"/> pieces of news are recorded and not yet marked sent.</summary>
    public Task WaitForPendingNewsAsync(int count, string what) => WaitAsync(async () => await PendingNewsAsync() == count, what);

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in _bots)
        {
            if (bot is not null)
            {
                await bot.DisposeAsync();
            }
        }
        await Connector.DisposeAsync();
        await Simulator.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_sqliteFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    public string Diagnostics() =>
        "Connector calls:\n" + string.Join("\n", Connector.Calls.Describe().Select(c => "  " + c)) +
        string.Concat(_bots.Select((b, i) => b is null ? "" : $"\n--- bot {i} ---\n{Tail(b.Output)}"));

    private static readonly string[] NewsMarks = ["🔴", "⚠️", "✅", "❌", "🗑️", "⏱️"];

    private static bool IsNews(string text) => NewsMarks.Any(mark => text.StartsWith(mark, StringComparison.Ordinal));

    private static string Tail(string output) => output.Length <= 6000 ? output : output[^6000..];

    private async Task<long> PendingNewsAsync()
    {
        const string Sql = "SELECT COUNT(*) FROM deliveries WHERE done_at_ms IS NULL";
        if (_postgres is not null)
        {
            // Unpooled: a pooled connection would outlive a server the test stops and starts.
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(_sqliteFolder, "watches.db")};Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = Sql;
        return (long)(await query.ExecuteScalarAsync())!;
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
}
