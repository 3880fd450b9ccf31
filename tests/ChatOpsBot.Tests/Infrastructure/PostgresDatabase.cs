using Npgsql;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// A fresh, uniquely named PostgreSQL database, created at <see cref="InitializeAsync"/> and dropped at
/// <see cref="DisposeAsync"/>, so tests running in parallel never see each other's rows. As an xunit fixture
/// (<c>IClassFixture&lt;PostgresDatabase&gt;</c>) it lives on the shared server <c>tests/run.sh</c> starts
/// (<see cref="PostgresServer.Shared"/>); when that server is missing it fails with a message saying how to start
/// one, it never skips. <c>new PostgresDatabase(server)</c> makes one on another server, e.g. a test's own.
/// </summary>
public sealed class PostgresDatabase(PostgresServer? server) : IAsyncLifetime
{
    public PostgresDatabase()
        : this(null)
    {
    }

    /// <summary>Lower case, so SQL may name it unquoted.</summary>
    public string Name { get; } = $"chatopsbot_test_{Guid.NewGuid():N}";

    /// <summary>A connection string to this database, as the server's superuser.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var serverConnectionString = (server ?? PostgresServer.Shared).ConnectionString;
        await using (var connection = await OpenAdministrationAsync(serverConnectionString))
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {Name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = Name }.ConnectionString;
    }

    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            return;
        }
        // Pooled connections (this fixture's, and the code under test's) still hold sessions: FORCE ends them.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }
        await using var connection = await OpenAdministrationAsync(ConnectionString);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAdministrationAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
