using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// <c>watch</c>, <c>unwatch</c>, <c>watching</c>, the Unwatch button, finished jobs, the per-conversation limit and
/// uninstalling, through the real bot with recorded Teams activities; the news that follows (or does not) is read at
/// the fake connector.
/// </summary>
public sealed class WatchCommandsEndToEndTests
{
    private const string JobId = ScriptedHistory.FailThenFinishId;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watching_lists_each_watch_with_its_last_seen_status_and_who_asked()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobCatalog.RunningJobId}"));

        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(4));
        var listed = await bot.AskAsync(bot.InPersonalChat("watching"));

        var lines = listed.Split("\n\n");
        Assert.Equal("This conversation watches 2 of at most 50 jobs:", lines[0]);
        Assert.StartsWith($"- {JobId} — PROCESSING, 3 failed (since 4 min ago", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(", by Alex Wilber)", lines[1], StringComparison.Ordinal);
        Assert.StartsWith($"- {JobCatalog.RunningJobId} — PROCESSING, 0 failed (since 4 min ago", lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        // The channel's list is its own.
        Assert.StartsWith("This conversation watches no jobs.", await bot.AskAsync(bot.InChannel("watching")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watching_lists_at_most_twenty_and_counts_the_rest()
    {
        await using var bot = await WatchingBot.StartAsync();
        for (var i = 0; i < 23; i++)
        {
            var watch = Support.Requests.Watch(WatchingBot.Personal, $"job-{i:D2}", WatchingBot.Start.AddSeconds(i));
            Assert.Equal(ChatOpsBot.Watching.AddWatchOutcome.Added, (await bot.Store.AddAsync(watch, CancellationToken.None)).Outcome);
        }

        var listed = await bot.AskAsync(bot.InPersonalChat("watching"));

        var lines = listed.Split("\n\n");
        Assert.Equal("This conversation watches 23 of at most 50 jobs:", lines[0]);
        Assert.StartsWith("- job-00 — ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("- job-19 — ", lines[20], StringComparison.Ordinal);
        Assert.Equal("…and 3 more.", lines[21]);
        Assert.Equal(22, lines.Length);
    }

    [Fact]
    public async Task Watching_a_job_twice_says_so_and_keeps_one_watch()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));

        var again = await bot.AskAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal($"This conversation already watches hdk-rollout-canary. Type `unwatch {JobId}` to stop.", again);
        Assert.Equal(
            [WatchHistoryEndToEndTests.ThreeFailed, WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished],
            bot.Connector.Calls.Select(c => c.Text));
    }

    [Fact]
    public async Task Unwatch_stops_the_news_and_the_conversation_then_watches_nothing()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.RoundAfterAsync(Step);

        var stopped = await bot.AskAsync(bot.InPersonalChat($"unwatch {JobId}"));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);
        var again = await bot.AskAsync(bot.InPersonalChat($"unwatch {JobId}"));
        var listed = await bot.AskAsync(bot.InPersonalChat("watching"));

        Assert.Equal($"Stopped watching job {JobId} here.", stopped);
        Assert.Empty(bot.Connector.Calls);
        Assert.Equal($"This conversation wasn't watching job {JobId}. Type `watching` to see what it watches.", again);
        Assert.StartsWith("This conversation watches no jobs.", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unwatch_button_turns_the_card_back_into_a_Watch_card_in_place()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(RecordedActivity.Submit("watch", JobId, "card-7", bot.ServiceUrl));

        var replies = await bot.Host.SendAsync(RecordedActivity.Submit("unwatch", JobId, "card-7", bot.ServiceUrl));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal($"Stopped watching job {JobId} here.", Assert.Single(replies).Text());
        Assert.Equal(
        [
            "PUT card-7 card PROCESSING [Refresh, Unwatch, Console]",
            "PUT card-7 card PROCESSING [Refresh, Watch, Console]",
        ], bot.Connector.Calls.Describe());
        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
    }

    [Fact]
    public async Task Watching_a_finished_job_says_how_it_ended_and_watches_nothing()
    {
        await using var bot = await WatchingBot.StartAsync();

        var replies = await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobCatalog.SeedJobId}"));

        Assert.Equal("✅ Job software-query finished: its task succeeded. Nothing to watch.", Assert.Single(replies).Text());
        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
        var listed = await bot.AskAsync(bot.InPersonalChat("watching"));
        Assert.StartsWith("This conversation watches no jobs.", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversation_at_its_limit_is_told_how_to_make_room_and_other_conversations_are_not_affected()
    {
        await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?> { ["Watching:MaxWatchesPerConversation"] = "2" });
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {ScriptedHistory.SucceedsId}"));

        var refused = await bot.AskAsync(bot.InPersonalChat($"watch {JobCatalog.RunningJobId}"));
        var inChannel = await bot.Host.SendAsync(bot.InChannel($"watch {JobCatalog.RunningJobId}"));
        await bot.Host.SendAsync(bot.InPersonalChat($"unwatch {ScriptedHistory.SucceedsId}"));
        var afterRoom = await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobCatalog.RunningJobId}"));

        Assert.Equal(
            "This conversation already watches 2 jobs, the most it may. Type `watching` to see them and unwatch ID to make room.",
            refused);
        Assert.StartsWith("Watching hdk-upgrade-24.1:", inChannel[0].Text(), StringComparison.Ordinal);
        Assert.StartsWith("Watching hdk-upgrade-24.1:", afterRoom[0].Text(), StringComparison.Ordinal);
        Assert.Equal([JobId, JobCatalog.RunningJobId], (await bot.WatchesAsync(WatchingBot.Personal)).Select(w => w.JobId));
    }

    [Fact]
    public async Task Uninstalling_the_bot_from_a_conversation_removes_its_watches_and_it_hears_nothing_more()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobCatalog.RunningJobId}"));
        await bot.Host.SendAsync(bot.InChannel($"watch {JobId}"));

        await bot.Host.SendAsync(Uninstall(bot.ServiceUrl));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
        Assert.Empty(bot.CallsTo(WatchingBot.Personal));
        // The channel still has the bot, and still hears the news.
        Assert.Equal(
            [WatchHistoryEndToEndTests.ThreeFailed, WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished],
            bot.CallsTo(WatchingBot.Channel).Select(c => c.Text));
    }

    /// <summary>The recorded installationUpdate, as Teams sends it when the app is removed from the personal scope.</summary>
    private static JsonObject Uninstall(Uri serviceUrl)
    {
        var activity = RecordedActivity.Load(RecordedActivity.InstallationUpdate, serviceUrl);
        activity["action"] = "remove";
        return activity;
    }
}
