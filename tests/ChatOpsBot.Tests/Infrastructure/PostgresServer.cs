using System.Diagnostics;
using System.Text.RegularExpressions;
using ChatOpsBot.Tests.Cards;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server for the tests, as <c>tests/postgres.sh</c> starts one: a throw-away cluster on a free
/// loopback port. <see cref="Shared"/> is the one <c>tests/run.sh</c> starts for the whole run (tests make their own
/// databases on it with <see cref="PostgresDatabase"/>); <see cref="StartOwnAsync"/> starts a private one, for a test
/// that stops and starts its server: stopping the shared one would break the tests running beside it.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The shared server's connection string (<c>Host=127.0.0.1;Port=…;Username=…;Password=…;Database=postgres</c>).</summary>
    public const string ConnectionStringVariable = "CHATOPSBOT_TEST_POSTGRES";

    /// <summary>A <c>pg_ctl</c> that runs as the cluster's owner (root may not run the real one).</summary>
    public const string PgCtlVariable = "CHATOPSBOT_TEST_PG_CTL";

    /// <summary>The cluster's data folder; its configuration holds the port, so <c>pg_ctl start</c> brings the same server back.</summary>
    public const string DataFolderVariable = "CHATOPSBOT_TEST_PGDATA";

    private static readonly Lazy<PostgresServer> SharedServer = new(FromEnvironment);

    private readonly string? _pgCtl;
    private readonly string? _dataFolder;
    private readonly bool _own;

    private PostgresServer(string connectionString, string? pgCtl, string? dataFolder, bool own)
    {
        ConnectionString = connectionString;
        _pgCtl = pgCtl;
        _dataFolder = dataFolder;
        _own = own;
    }

    /// <summary>A superuser's connection string to the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server <c>tests/run.sh</c> started. Fails, never skips, when the tests were started another way.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>Starts a private cluster with <c>tests/postgres.sh start</c>; disposing it stops it and removes its folder.</summary>
    public static async Task<PostgresServer> StartOwnAsync(CancellationToken cancellationToken = default)
    {
        var output = await RunAsync("bash", [PostgresScript, "start"], cancellationToken);
        var exports = ExportLine().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        return new PostgresServer(
            Exported(exports, ConnectionStringVariable, output),
            Exported(exports, PgCtlVariable, output),
            Exported(exports, DataFolderVariable, output),
            own: true);
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m immediate</c>, as a crash would): open connections break.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        PgCtlAsync(["stop", "-D", OwnDataFolder, "-m", "immediate", "-w"], cancellationToken);

    /// <summary>Starts the stopped server again on the same port, and returns once it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        // -l: without a log file the server would inherit this process's output pipes and keep them open.
        PgCtlAsync(["start", "-D", OwnDataFolder, "-w", "-t", "60", "-l", Path.Combine(Path.GetDirectoryName(OwnDataFolder)!, "server.log")],
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_own)
        {
            await RunAsync("bash", [PostgresScript, "stop", _dataFolder!], CancellationToken.None);
        }
    }

    private static string PostgresScript => Path.Combine(RepositoryPaths.Root, "tests", "postgres.sh");

    private string OwnDataFolder => _own
        ? _dataFolder!
        : throw new InvalidOperationException(
            "Stopping the shared PostgreSQL server would break the tests running beside this one: use PostgresServer.StartOwnAsync.");

    private static PostgresServer FromEnvironment()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{ConnectionStringVariable} is not set, so there is no PostgreSQL server for the PostgreSQL tests. Run the tests with " +
                "`bash tests/run.sh` (it starts a throw-away server), or start one first with " +
                "`eval \"$(bash tests/postgres.sh start)\"` in the shell that runs `dotnet test`, and `bash tests/postgres.sh stop` after.");
        }
        return new PostgresServer(connectionString, Environment.GetEnvironmentVariable(PgCtlVariable),
            Environment.GetEnvironmentVariable(DataFolderVariable), own: false);
    }

    private Task<string> PgCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunAsync(_pgCtl!, arguments, cancellationToken);

    private static string Exported(Dictionary<string, string> exports, string name, string output) =>
        exports.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"tests/postgres.sh start printed no {name}. Output:\n{output}");

    private static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout;
        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}\n{await stderr}");
    }

    [GeneratedRegex("^export (?<name>[A-Z_]+)='(?<value>[^']*)'$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
