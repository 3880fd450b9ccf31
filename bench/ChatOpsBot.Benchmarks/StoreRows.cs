using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatOpsBot.Benchmarks;

/// <summary>How many rows the bot's store holds for the feed: the list rows it compares and what each subscription was told of each job.</summary>
internal sealed class StoreRows(string? postgres, string sqliteFile)
{
    public async Task<string> DescribeAsync()
    {
        DbConnection connection = postgres is null
            ? new SqliteConnection($"Data Source={sqliteFile};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var feedRows = await CountAsync(connection, "feed_rows").ConfigureAwait(false);
            var told = await CountAsync(connection, "subscription_jobs").ConfigureAwait(false);
            return string.Create(CultureInfo.InvariantCulture, $"{feedRows:N0} feed rows, {told:N0} subscription-job states");
        }
    }

    private static async Task<long> CountAsync(DbConnection connection, string table)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            return Convert.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
    }
}
