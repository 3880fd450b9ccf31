using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatOpsBot.Tests.Watching;

public sealed class SqliteWatchStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempFolder _folder = new();
    private readonly List<SqliteWatchStore> _stores = [];

    private string DatabasePath => Path.Combine(_folder.Path, "data", SqliteWatchStore.FileName);

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }
        _folder.Dispose();
    }

    [Fact]
    public async Task An_added_watch_reads_back_with_every_field()
    {
        var store = Open();
        var baseline = JobSnapshot.From(Jobs.Make("PROCESSING", succeeded: 2, processing: 3, failed: [("driver mismatch", 2)]));
        var watch = Requests.Watch(Requests.Channel(1), Jobs.Id, Now, baseline) with { CardActivityId = "1700000000123" };

        var result = await store.AddAsync(watch, Ct);

        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        Assert.True(result.Watch!.Id > 0);
        var read = await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct);
        Assert.Equal(watch with { Id = result.Watch.Id }, read);
        Assert.Equal(baseline, read!.LastNotified);
        Assert.Equal(2, read.LastNotified!.FailuresWith("driver mismatch"));
        Assert.True(read.IsActive);
    }

    [Fact]
    public async Task Watching_the_same_job_twice_in_a_conversation_says_already_watching()
    {
        var store = Open();
        var first = await store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now), Ct);

        var second = await store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now.AddMinutes(3)), Ct);

        Assert.Equal(AddWatchOutcome.AlreadyWatching, second.Outcome);
        Assert.Equal(first.Watch!.Id, second.Watch!.Id);
        Assert.Equal(Now, second.Watch.CreatedAt);
        Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
    }

    [Fact]
    public async Task A_conversation_at_its_limit_cannot_add_more_but_another_conversation_can()
    {
        var store = Open(limit: 3);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(AddWatchOutcome.Added, (await store.AddAsync(Requests.Watch(Requests.Channel(1), $"job-{i}", Now), Ct)).Outcome);
        }

        var fourth = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-3", Now), Ct);
        var elsewhere = await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-3", Now), Ct);

        Assert.Equal(AddWatchOutcome.LimitReached, fourth.Outcome);
        Assert.Null(fourth.Watch);
        Assert.Equal(3, fourth.Limit);
        Assert.Equal(AddWatchOutcome.Added, elsewhere.Outcome);
        Assert.Equal(3, (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Count);
    }

    [Fact]
    public async Task Unwatch_removes_only_that_watch()
    {
        var store = Open();
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-b", Now.AddSeconds(1)), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-a", Now), Ct);

        Assert.True(await store.RemoveAsync(Requests.Channel(1), "job-a", Ct));
        Assert.False(await store.RemoveAsync(Requests.Channel(1), "job-a", Ct));

        Assert.Equal(["job-b"], (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Select(w => w.JobId));
        Assert.NotNull(await store.GetAsync(Requests.Channel(2), "job-a", Ct));
    }

    [Fact]
    public async Task Listing_a_conversation_gives_its_watches_oldest_first_and_nobody_elses()
    {
        var store = Open();
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-late", Now.AddMinutes(5)), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-early", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-other", Now), Ct);

        var listed = await store.ListByConversationAsync(Requests.Channel(1), Ct);

        Assert.Equal(["job-early", "job-late"], listed.Select(w => w.JobId));
        Assert.Empty(await store.ListByConversationAsync(Requests.Channel(9), Ct));
    }

    [Fact]
    public async Task Removing_a_conversation_forgets_all_its_watches_and_no_others()
    {
        var store = Open();
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-b", Now), Ct);
        await store.AddAsync(Requests.Watch(Requests.Channel(2), "job-a", Now), Ct);

        Assert.Equal(2, await store.RemoveConversationAsync(Requests.Channel(1), Ct));

        Assert.Empty(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.Single(await store.ListByConversationAsync(Requests.Channel(2), Ct));
    }

    [Fact]
    public async Task Removing_a_channel_also_forgets_the_watches_of_its_threads_but_not_of_look_alike_ids()
    {
        var store = Open();
        const string channel = "19:abc_def@thread.tacv2";
        await store.AddAsync(Requests.Watch(channel, "job-a", Now), Ct);
        await store.AddAsync(Requests.Watch(channel + ";messageid=1795904845293", "job-b", Now), Ct);
        await store.AddAsync(Requests.Watch("19:abcXdef@thread.tacv2;messageid=1", "job-c", Now), Ct);
        await store.AddAsync(Requests.Watch(channel + "2;messageid=1", "job-d", Now), Ct);

        Assert.Equal(2, await store.RemoveConversationAsync(channel, Ct));

        Assert.Single(await store.ListByConversationAsync("19:abcXdef@thread.tacv2;messageid=1", Ct));
        Assert.Single(await store.ListByConversationAsync(channel + "2;messageid=1", Ct));
    }

    [Fact]
    public async Task Due_watches_are_the_active_ones_whose_time_has_come_earliest_first()
    {
        var store = Open();
        var later = await Add(store, Requests.Watch(Requests.Channel(1), "job-later", Now) with { NextPollAt = Now.AddSeconds(30) });
        var soon = await Add(store, Requests.Watch(Requests.Channel(1), "job-soon", Now) with { NextPollAt = Now.AddSeconds(10) });
        var exactlyNow = await Add(store, Requests.Watch(Requests.Channel(2), "job-now", Now) with { NextPollAt = Now.AddSeconds(20) });
        var disabled = await Add(store, Requests.Watch(Requests.Channel(3), "job-off", Now));
        await store.DisableAsync(disabled.Id, "conversation gone (403)", Now, Ct);

        var due = await store.GetDueAsync(Now.AddSeconds(20), Ct);

        Assert.Equal([soon.Id, exactlyNow.Id], due.Select(w => w.Id));
        Assert.DoesNotContain(later.Id, due.Select(w => w.Id));
    }

    [Fact]
    public async Task A_disabled_watch_stays_listed_with_its_reason_frees_its_slot_and_can_be_watched_again()
    {
        var store = Open(limit: 1);
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), "job-a", Now));

        Assert.True(await store.DisableAsync(watch.Id, "job not visible (NotFound)", Now.AddHours(1), Ct));

        var listed = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.False(listed.IsActive);
        Assert.Equal("job not visible (NotFound)", listed.DisabledReason);
        Assert.Equal(Now.AddHours(1), listed.DisabledAt);
        Assert.Empty(await store.GetDueAsync(Now.AddDays(1), Ct));

        var again = await store.AddAsync(Requests.Watch(Requests.Channel(1), "job-a", Now.AddHours(2)), Ct);

        Assert.Equal(AddWatchOutcome.Added, again.Outcome);
        Assert.NotEqual(watch.Id, again.Watch!.Id);
        var relisted = Assert.Single(await store.ListByConversationAsync(Requests.Channel(1), Ct));
        Assert.True(relisted.IsActive);
        Assert.Null(relisted.DisabledReason);
    }

    [Fact]
    public async Task Recording_what_was_told_moves_the_baseline_the_schedule_and_the_card()
    {
        var store = Open();
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now) with { CardActivityId = "card-1" });
        var told = JobSnapshot.From(Jobs.Make("PROCESSING", failed: [("driver mismatch", 3)], processing: 7));

        Assert.True(await store.RecordNotifiedAsync(watch.Id, told, null, Now.AddSeconds(15), Ct));
        var afterNotified = (await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct))!;
        Assert.True(await store.RecordNotifiedAsync(watch.Id, told, "card-2", Now.AddSeconds(30), Ct));
        var afterNewCard = (await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct))!;

        Assert.Equal(told, afterNotified.LastNotified);
        Assert.Equal(told, afterNotified.LastSeen);
        Assert.Equal(Now.AddSeconds(15), afterNotified.NextPollAt);
        Assert.Equal("card-1", afterNotified.CardActivityId);
        Assert.Equal("card-2", afterNewCard.CardActivityId);
    }

    [Fact]
    public async Task Recording_what_was_seen_leaves_what_was_told()
    {
        var store = Open();
        var baseline = JobSnapshot.From(Jobs.Make("PROCESSING", processing: 10));
        var watch = await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now, baseline));
        var seen = JobSnapshot.From(Jobs.Make("PROCESSING", succeeded: 4, processing: 6));

        Assert.True(await store.RecordSeenAsync(watch.Id, seen, Now.AddMinutes(1), Ct));

        var read = (await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct))!;
        Assert.Equal(seen, read.LastSeen);
        Assert.Equal(baseline, read.LastNotified);
        Assert.Equal(Now.AddMinutes(1), read.NextPollAt);
    }

    [Fact]
    public async Task A_write_for_a_watch_removed_and_added_again_meanwhile_changes_nothing()
    {
        var store = Open();
        var old = await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        await store.RemoveAsync(Requests.Channel(1), Jobs.Id, Ct);
        var renewed = await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now.AddMinutes(1)));

        Assert.False(await store.RecordNotifiedAsync(old.Id, JobSnapshot.From(Jobs.Make("FAILED")), null, Now, Ct));
        Assert.False(await store.DisableAsync(old.Id, "conversation gone", Now, Ct));
        Assert.False(await store.RemoveAsync(old.Id, Ct));

        Assert.Equal(renewed, await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
    }

    [Fact]
    public async Task The_card_to_keep_up_to_date_can_be_set_by_conversation_and_job()
    {
        var store = Open();
        await Add(store, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));

        Assert.True(await store.SetCardActivityIdAsync(Requests.Channel(1), Jobs.Id, "1700000000456", Ct));
        Assert.False(await store.SetCardActivityIdAsync(Requests.Channel(2), Jobs.Id, "1700000000456", Ct));

        Assert.Equal("1700000000456", (await store.GetAsync(Requests.Channel(1), Jobs.Id, Ct))!.CardActivityId);
    }

    [Fact]
    public async Task A_new_file_is_created_in_its_folder_migrated_to_the_latest_schema_in_WAL_mode()
    {
        Assert.False(File.Exists(DatabasePath));
        var store = Open();

        await store.InitializeAsync(Ct);

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(WatchSchema.Migrations.Count, await store.GetSchemaVersionAsync(Ct));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal("watches", await ScalarAsync("SELECT description FROM schema_version WHERE version = 1"));
    }

    [Fact]
    public async Task Reopening_an_existing_file_keeps_its_watches_and_applies_no_migration_twice()
    {
        var first = Open();
        var watch = await Add(first, Requests.Watch(Requests.Channel(1), Jobs.Id, Now,
            JobSnapshot.From(Jobs.Make("PROCESSING", failed: [("disk full", 1)], processing: 4))));
        first.Dispose();
        _stores.Remove(first);

        var reopened = Open();

        Assert.Equal(watch, await reopened.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
        Assert.Equal(WatchSchema.Migrations.Count, await reopened.GetSchemaVersionAsync(Ct));
        Assert.Equal((long)WatchSchema.Migrations.Count, await ScalarAsync("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_later_migration_is_applied_in_order_over_existing_watches()
    {
        var v1 = Open();
        var watch = await Add(v1, Requests.Watch(Requests.Channel(1), Jobs.Id, Now));
        v1.Dispose();
        _stores.Remove(v1);

        SchemaMigration[] v2Schema =
        [
            .. WatchSchema.Migrations,
            new(WatchSchema.Migrations.Count + 1, "watch notes", "ALTER TABLE watches ADD COLUMN note TEXT NOT NULL DEFAULT 'none'"),
        ];
        var v2 = Track(new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, v2Schema));

        Assert.Equal(v2Schema.Length, await v2.GetSchemaVersionAsync(Ct));
        Assert.Equal(watch, await v2.GetAsync(Requests.Channel(1), Jobs.Id, Ct));
        Assert.Equal("none", await ScalarAsync("SELECT note FROM watches"));
    }

    [Fact]
    public async Task A_file_from_a_newer_build_is_refused_with_a_clear_message()
    {
        SchemaMigration[] newer = [.. WatchSchema.Migrations, new(WatchSchema.Migrations.Count + 1, "future", "CREATE TABLE future (x)")];
        await Track(new SqliteWatchStore(DatabasePath, 50, NullLogger.Instance, newer)).InitializeAsync(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Open().InitializeAsync(Ct));

        Assert.Contains($"schema version {newer.Length}, newer than this build knows ({WatchSchema.Migrations.Count})", error.Message);
        Assert.Contains("Watching:DataFolder", error.Message);
    }

    [Fact]
    public async Task Concurrent_adds_to_one_conversation_never_exceed_its_limit()
    {
        var store = Open(limit: 50);

        var results = await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            Task.Run(() => store.AddAsync(Requests.Watch(Requests.Channel(1), $"job-{i:D3}", Now), Ct))));

        Assert.Equal(50, results.Count(r => r.Outcome == AddWatchOutcome.Added));
        Assert.Equal(70, results.Count(r => r.Outcome == AddWatchOutcome.LimitReached));
        Assert.Equal(50, (await store.ListByConversationAsync(Requests.Channel(1), Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_watches_of_the_same_job_add_it_once()
    {
        var store = Open();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            Task.Run(() => store.AddAsync(Requests.Watch(Requests.Channel(1), Jobs.Id, Now), Ct))));

        Assert.Single(results, r => r.Outcome == AddWatchOutcome.Added);
        Assert.Equal(29, results.Count(r => r.Outcome == AddWatchOutcome.AlreadyWatching));
    }

    [Fact]
    public async Task Reads_and_writes_from_many_threads_at_once_all_land()
    {
        var store = Open();
        var watches = new List<Watch>();
        for (var i = 0; i < 20; i++)
        {
            watches.Add(await Add(store, Requests.Watch(Requests.Channel(i), Jobs.Id, Now)));
        }
        var seen = JobSnapshot.From(Jobs.Make("PROCESSING", succeeded: 1, processing: 1));

        await Task.WhenAll(watches.SelectMany(w => new[]
        {
            Task.Run(() => store.RecordSeenAsync(w.Id, seen, Now.AddMinutes(1), Ct)),
            Task.Run(async () => { await store.GetDueAsync(Now, Ct); return true; }),
            Task.Run(async () => { await store.ListByConversationAsync(w.ConversationId, Ct); return true; }),
        }));

        Assert.Empty(await store.GetDueAsync(Now.AddSeconds(59), Ct));
        Assert.Equal(20, (await store.GetDueAsync(Now.AddMinutes(1), Ct)).Count(w => seen.Equals(w.LastSeen)));
    }

    private SqliteWatchStore Open(int limit = 50) =>
        Track(new SqliteWatchStore(DatabasePath, limit, NullLogger.Instance, WatchSchema.Migrations));

    private SqliteWatchStore Track(SqliteWatchStore store)
    {
        _stores.Add(store);
        return store;
    }

    private static async Task<Watch> Add(SqliteWatchStore store, Watch watch)
    {
        var result = await store.AddAsync(watch, Ct);
        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        return result.Watch!;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
