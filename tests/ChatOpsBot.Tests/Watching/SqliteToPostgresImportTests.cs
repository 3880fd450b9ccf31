using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching;

/// <summary>
/// One instance moved from SQLite to PostgreSQL: a real <c>watches.db</c> and a real PostgreSQL database. The first
/// start imports the active watches once, however many instances start together, and sets the file aside.
/// </summary>
public sealed class SqliteToPostgresImportTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly PostgresDatabase _database = new();
    private readonly TempFolder _folder = new();
    private readonly List<PostgresWatchStore> _stores = [];

    private string SqlitePath => Path.Combine(_folder.Path, "watches.db");

    public Task InitializeAsync() => _database.InitializeAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        await _database.DisposeAsync();
    }

    // After DisposeAsync (xUnit calls it first): the stores are closed by then.
    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Instances_starting_together_import_the_active_watches_once_and_set_the_file_aside()
    {
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 7, failed: [("driver mismatch", 3)]));
        var watched = Requests.Watch(Requests.Channel(1), Jobs.Id, Now, told) with
        {
            CardActivityId = "card-1",
            NextPollAt = Now.AddMinutes(3),
            Mentions = [new ChatOpsBot.Commands.MentionTarget("29:1-ana", "Ana Lima")],
        };
        await WriteSqliteAsync(
            watched,
            Requests.Watch(Requests.Channel(2), Jobs.Id, Now),
            Requests.Watch(Requests.Channel(3), Jobs.Id, Now));
        await DisableInSqliteAsync(Requests.Channel(3));

        var starting = Enumerable.Range(0, 3).Select(_ => Open()).ToList();
        await Task.WhenAll(starting.Select(s => Task.Run(() => s.InitializeAsync(Ct))));

        var first = Assert.Single(await starting[2].ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.Equal(Jobs.Id, first.JobId);
        Assert.Equal("card-1", first.CardActivityId);
        Assert.Equal("29:user-aad-1", first.RequestedByUserId);
        Assert.Equal("Ada Lovelace", first.RequestedByName);
        Assert.Equal(watched.ConversationReference, first.ConversationReference);
        Assert.Equal(watched.ServiceUrl, first.ServiceUrl);
        Assert.Equal(watched.TenantId, first.TenantId);
        Assert.Equal(watched.Mentions, first.Mentions);
        Assert.Equal(told, first.LastNotified);
        Assert.Equal(Now.AddMinutes(3), first.NextPollAt);
        Assert.Equal(Now, first.CreatedAt);
        Assert.True(first.IsActive);
        Assert.Single(await starting[0].ListByConversationAsync(Requests.Channel(2), Ct));
        Assert.Empty(await starting[0].ListByConversationAsync(Requests.Channel(3), Ct));
        Assert.Equal(2, await starting[1].CountActiveAsync(Ct));
        Assert.False(File.Exists(SqlitePath));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "watches.db.imported-2026-03-02")));
        // The imported watches are polled: due at their next poll, claimed as any other.
        var claim = await starting[0].ClaimDueAsync(Now.AddMinutes(5), TimeSpan.FromMinutes(2), 10, Ct);
        Assert.Equal(2, claim.Watches.Count);
    }

    [Fact]
    public async Task A_file_from_before_watch_mentions_is_imported_with_watches_that_mention_nobody()
    {
        // Written as a build of that time left it: schema version 4, no mentions_json column.
        using (var old = new SqliteWatchStore(SqlitePath, 50, NullLogger.Instance, [.. WatchSchema.Migrations.Take(4)]))
        {
            await old.InitializeAsync(Ct);
        }
        await using (var connection = new SqliteConnection($"Data Source={SqlitePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO watches (conversation_id, job_id, requested_by_id, conversation_reference, service_url, created_at_ms, next_poll_at_ms)
                VALUES (@conversation, @job, '29:user-aad-1', '{}', @url, 0, 0)
                """;
            insert.Parameters.AddWithValue("@conversation", Requests.Channel(1));
            insert.Parameters.AddWithValue("@job", Jobs.Id);
            insert.Parameters.AddWithValue("@url", Requests.ServiceUrl);
            await insert.ExecuteNonQueryAsync(Ct);
        }
        SqliteConnection.ClearAllPools();

        var store = Open();
        await store.InitializeAsync(Ct);

        var imported = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.Empty(imported.Mentions);
        Assert.Equal(Requests.ServiceUrl, imported.ServiceUrl);
    }

    [Fact]
    public async Task A_second_import_on_one_day_sets_its_file_aside_under_a_numbered_name()
    {
        // An earlier move to PostgreSQL today left its file; then SQLite again, and now PostgreSQL again (a new database).
        var earlier = Path.Combine(_folder.Path, "watches.db.imported-2026-03-02");
        await File.WriteAllTextAsync(earlier, "the earlier import", Ct);
        await WriteSqliteAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now));

        var store = Open();
        await store.InitializeAsync(Ct);

        Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.False(File.Exists(SqlitePath));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "watches.db.imported-2026-03-02-2")));
        Assert.Equal("the earlier import", await File.ReadAllTextAsync(earlier, Ct));
    }

    [Fact]
    public async Task A_later_start_imports_nothing_even_from_a_new_file()
    {
        await WriteSqliteAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        await Open().InitializeAsync(Ct);
        // Someone starts a SQLite instance again by mistake, which leaves a new file behind.
        await WriteSqliteAsync(Requests.Watch(Requests.Channel(2), Jobs.Id, Now));

        var second = Open();
        await second.InitializeAsync(Ct);

        Assert.Equal(1, await second.CountActiveAsync(Ct));
        Assert.Empty(await second.ListByConversationAsync(Requests.Channel(2), Ct));
        Assert.True(File.Exists(SqlitePath));
    }

    [Fact]
    public async Task Without_a_sqlite_file_the_store_starts_empty()
    {
        var store = Open();

        await store.InitializeAsync(Ct);

        Assert.Equal(0, await store.CountActiveAsync(Ct));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    private PostgresWatchStore Open()
    {
        var store = new PostgresWatchStore(_database.ConnectionString, 50, NullLogger.Instance, PostgresWatchSchema.Migrations,
            new SqliteWatchImport(SqlitePath, new FakeTimeProvider(Now), NullLogger.Instance));
        _stores.Add(store);
        return store;
    }

    private async Task WriteSqliteAsync(params Watch[] watches)
    {
        using (var sqlite = new SqliteWatchStore(SqlitePath, 50, NullLogger.Instance, WatchSchema.Migrations))
        {
            foreach (var watch in watches)
            {
                Assert.Equal(AddWatchOutcome.Added, (await sqlite.AddAsync(watch, Ct)).Outcome);
            }
        }
        SqliteConnection.ClearAllPools();
    }

    // The SQLite store stops a watch only from a round; the file is edited as that round would leave it.
    private async Task DisableInSqliteAsync(string conversationId)
    {
        await using (var connection = new SqliteConnection($"Data Source={SqlitePath};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE watches SET disabled_at_ms = 1, disabled_reason = 'conversation gone' WHERE conversation_id = $c";
            command.Parameters.AddWithValue("$c", conversationId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }
    }
}
