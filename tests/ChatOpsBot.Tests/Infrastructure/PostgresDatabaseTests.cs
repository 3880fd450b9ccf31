using Npgsql;

namespace ChatOpsBot.Tests.Infrastructure;

public sealed class PostgresDatabaseTests
{
    [Fact]
    public async Task Fixture_gives_a_database_of_its_own_that_keeps_rows_and_is_dropped_at_the_end()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        try
        {
            await using (var connection = await database.OpenConnectionAsync())
            {
                Assert.Equal(database.Name, await ScalarAsync<string>(connection, "SELECT current_database()"));
                await ExecuteAsync(connection, "CREATE TABLE probe (id int PRIMARY KEY, word text NOT NULL)");
                await ExecuteAsync(connection, "INSERT INTO probe VALUES (1, 'one'), (2, 'two')");
            }
            await using (var again = await database.OpenConnectionAsync())
            {
                Assert.Equal("two", await ScalarAsync<string>(again, "SELECT word FROM probe WHERE id = 2"));
            }
        }
        finally
        {
            await database.DisposeAsync();
        }

        await using var server = new NpgsqlConnection(PostgresServer.Shared.ConnectionString);
        await server.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", server);
        exists.Parameters.AddWithValue("name", database.Name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_fixtures_never_share_a_database()
    {
        var first = new PostgresDatabase();
        var second = new PostgresDatabase();
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            await using var one = await first.OpenConnectionAsync();
            await ExecuteAsync(one, "CREATE TABLE only_in_first (id int)");
            await using var two = await second.OpenConnectionAsync();

            Assert.NotEqual(first.Name, second.Name);
            Assert.Equal(0L, await ScalarAsync<long>(two, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_first'"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Own_server_stops_and_starts_again_on_the_same_connection_string_with_its_rows()
    {
        await using var server = await PostgresServer.StartOwnAsync();
        var database = new PostgresDatabase(server);
        await database.InitializeAsync();
        await using (var connection = await database.OpenConnectionAsync())
        {
            await ExecuteAsync(connection, "CREATE TABLE probe (id int); INSERT INTO probe VALUES (7)");
        }

        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            // Through a query: an idle pooled connection opens without a round trip.
            await using var connection = await database.OpenConnectionAsync();
            await ExecuteAsync(connection, "SELECT 1");
        });

        await server.StartAsync();
        await using (var connection = await database.OpenConnectionAsync())
        {
            Assert.Equal(7, await ScalarAsync<int>(connection, "SELECT id FROM probe"));
        }
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_shared_server_refuses_to_be_stopped()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresServer.Shared.StopAsync());

        Assert.Contains("StartOwnAsync", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
