using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// A <c>watches.db</c> from before subscriptions told a job's end, migrated: a job whose first post went out, or whose
/// news still waits, counts as told of (its end and deletion will be news); a job only noted does not.
/// </summary>
public sealed class SqliteSubscriptionNewsMigrationTests : IDisposable
{
    private const string Migration = "subscription end and deletion news";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempFolder _folder = new();

    private string DatabasePath => Path.Combine(_folder.Path, SqliteWatchStore.FileName);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Jobs_a_subscription_posted_about_or_has_news_waiting_for_count_as_told_of_after_the_migration()
    {
        long id;
        using (var before = new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, [.. WatchSchema.Migrations.TakeWhile(m => m.Description != Migration)]))
        {
            id = (await before.AddSubscriptionAsync(Subscriptions.Make(Subscriptions.ChannelId(1), Now), 10, Ct)).Subscription!.Id;
        }
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, post_activity_id) VALUES
                    ({id}, 'job-posted', '', 'post-1'), ({id}, 'job-waiting', '', NULL), ({id}, 'job-noted', '', NULL);
                INSERT INTO subscription_deliveries (subscription_id, job_id, text, created_at_ms, next_attempt_at_ms, attempts)
                VALUES ({id}, 'job-waiting', '🔴 waiting: 1 task failed', 0, 0, 0);
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var after = new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, WatchSchema.Migrations);
        var states = (await after.ListJobStatesAsync("job-posted", Ct)).Concat(await after.ListJobStatesAsync("job-waiting", Ct))
            .Concat(await after.ListJobStatesAsync("job-noted", Ct));

        Assert.Equal([("job-posted", true), ("job-waiting", true), ("job-noted", false)], states.Select(s => (s.JobId, s.Heard)));
        Assert.All(states, s => Assert.Equal(JobEndTold.Nothing, s.EndTold));
        var waiting = Assert.Single(await after.ClaimSubscriptionDeliveriesAsync(Now, TimeSpan.FromMinutes(2), 10, Ct));
        Assert.Equal(SubscriptionNewsKind.Failures, waiting.Kind);
    }
}
