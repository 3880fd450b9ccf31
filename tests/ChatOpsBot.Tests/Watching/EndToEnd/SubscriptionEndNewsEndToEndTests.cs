using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// A subscribed job's end and deletion, from the simulator to the connector in the real bot: the complete list of
/// connector calls (nothing more, nothing missing) for a job that fails then ends, jobs that fail then are deleted or
/// vanish from the list, a job that never fails, and a job both watched and subscribed in one channel.
/// </summary>
public sealed class SubscriptionEndNewsEndToEndTests
{
    private const string ChannelId = "19:oncall@thread.tacv2";
    private const string Canary = "hdk-rollout-canary";
    private const string Driver = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    // Later news names the cause of the tasks that are new, not the one the post already told.
    private const string Npu = WatchHistoryEndToEndTests.Npu;
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The scripted histories' whole life (FINISHED at 9 minutes) and a few quiet rounds after it.</summary>
    private static readonly TimeSpan WholeHistory = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task A_job_that_fails_then_finishes_gets_one_reply_in_its_thread_and_its_card_updated_and_a_job_that_never_fails_nothing()
    {
        await using var bot = await WatchingBot.StartAsync();
        var store = bot.Host.Services.GetRequiredService<ISubscriptionStore>();
        await store.AddSubscriptionAsync(Make(bot, ChannelId, "channel", "hdk-rollout", Alex), 10, CancellationToken.None);
        // firmware-check runs and finishes without a failed task: never news, never even read in full.
        await store.AddSubscriptionAsync(Make(bot, WatchingBot.Personal, "personal", "firmware-"), 10, CancellationToken.None);

        await FeedRoundsAsync(bot, WholeHistory);

        var thread = $"{ChannelId};messageid=msg-1";
        Assert.Equal(
            [
                ("CREATE", ChannelId, null, $"🔴 {Canary}: 3 tasks failed ({Driver}) <at>Alex Wilber</at>"),
                ("POST", thread, null, $"🔴 {Canary}: 2 more tasks failed ({Npu}) <at>Alex Wilber</at>"),
                ("PUT", thread, "msg-1", $"🔴 {Canary}: 2 more tasks failed ({Npu}) <at>Alex Wilber</at>"),
                ("POST", thread, null, $"⏹ {Canary} finished: 5 of 20 tasks failed <at>Alex Wilber</at>"),
                ("PUT", thread, "msg-1", $"⏹ {Canary} finished: 5 of 20 tasks failed <at>Alex Wilber</at>"),
            ],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Method == "PUT" ? c.ActivityId : null, c.Said)));
        var end = bot.Connector.Calls[3];
        Assert.Null(end.Card);
        // The phone's preview is the news itself.
        Assert.Equal($"⏹ {Canary} finished: 5 of 20 tasks failed", end.Summary);
        // The post's card, updated in place, shows how the job ended (under the post's one line).
        Assert.Equal("FINISHED", bot.Connector.Calls[4].Card!.CardTexts()[1]);
        Assert.Equal(0, bot.Host.Simulator.Catalog.DetailReadsOf(ScriptedHistory.SucceedsId));
    }

    [Fact]
    public async Task Jobs_that_fail_then_are_deleted_or_vanish_from_the_list_get_one_text_reply_each_and_their_cards_stay()
    {
        await using var bot = await WatchingBot.StartAsync();
        var since = bot.Clock.GetUtcNow();
        bot.Host.Simulator.Catalog.AddJob(Job("etl-deleted", JobStatuses.Processing, failed: 0, since));
        bot.Host.Simulator.Catalog.AddJob(Job("etl-vanishing", JobStatuses.Processing, failed: 0, since));
        var store = bot.Host.Services.GetRequiredService<ISubscriptionStore>();
        await store.AddSubscriptionAsync(Make(bot, ChannelId, "channel", "etl-"), 10, CancellationToken.None);
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));

        bot.Host.Simulator.Catalog.AddJob(Job("etl-deleted", JobStatuses.Processing, failed: 1, bot.Clock.GetUtcNow()));
        bot.Host.Simulator.Catalog.AddJob(Job("etl-vanishing", JobStatuses.Processing, failed: 2, bot.Clock.GetUtcNow()));
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));
        bot.Host.Simulator.Catalog.AddJob(Job("etl-deleted", JobStatuses.Deleted, failed: 1, bot.Clock.GetUtcNow()));
        bot.Host.Simulator.Catalog.RemoveJob("etl-vanishing");
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(2));
        // The deleted job leaves the list too: it was told already.
        bot.Host.Simulator.Catalog.RemoveJob("etl-deleted");
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(2));

        var calls = bot.Connector.Calls;
        // The two first posts come in the list's order; the connector numbers its messages in the order it gets them.
        Assert.Equal(
            [
                ("CREATE", ChannelId, "🔴 etl-deleted: 1 task failed (NPU driver mismatch)"),
                ("CREATE", ChannelId, "🔴 etl-vanishing: 2 tasks failed (NPU driver mismatch)"),
            ],
            calls.Take(2).Select(c => (c.Method, c.ConversationId, c.Said)).OrderBy(c => c.Said, StringComparer.Ordinal));
        string ThreadOf(string job) => $"{ChannelId};messageid=msg-{calls.ToList().FindIndex(c => c.Said!.Contains(job, StringComparison.Ordinal)) + 1}";
        Assert.Equal(
            [
                ("POST", ThreadOf("etl-deleted"), "🗑️ etl-deleted was deleted"),
                ("POST", ThreadOf("etl-vanishing"), "🗑️ etl-vanishing is gone: the project's job list no longer has it"),
            ],
            calls.Skip(2).Select(c => (c.Method, c.ConversationId, c.Said)));
        Assert.All(calls.Skip(2), c => Assert.Null(c.Card));
    }

    [Fact]
    public async Task A_job_whose_first_failures_come_with_its_end_gets_one_post_saying_both_then_only_its_deletion()
    {
        await using var bot = await WatchingBot.StartAsync();
        bot.Host.Simulator.Catalog.AddJob(Job("etl-late", JobStatuses.Processing, failed: 0, bot.Clock.GetUtcNow()));
        var store = bot.Host.Services.GetRequiredService<ISubscriptionStore>();
        await store.AddSubscriptionAsync(Make(bot, ChannelId, "channel", "etl-"), 10, CancellationToken.None);
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));

        bot.Host.Simulator.Catalog.AddJob(Job("etl-late", JobStatuses.Finished, failed: 2, bot.Clock.GetUtcNow()));
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));
        // Its row changes again after the end (a later update time): nothing new to tell.
        bot.Host.Simulator.Catalog.AddJob(Job("etl-late", JobStatuses.Finished, failed: 2, bot.Clock.GetUtcNow()));
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));
        bot.Host.Simulator.Catalog.AddJob(Job("etl-late", JobStatuses.Deleted, failed: 2, bot.Clock.GetUtcNow()));
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(1));

        Assert.Equal(
            [
                ("CREATE", ChannelId, "🔴 etl-late: 2 tasks failed (NPU driver mismatch); the job finished"),
                ("POST", $"{ChannelId};messageid=msg-1", "🗑️ etl-late was deleted"),
            ],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Said)));
        Assert.Equal("FINISHED", bot.Connector.Calls[0].Card!.CardTexts()[1]);
    }

    [Fact]
    public async Task A_channel_that_watches_a_job_it_is_subscribed_to_hears_each_piece_of_news_once_from_the_watch()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.AskAsync(bot.InChannel("subscribe name hdk-rollout"));

        // The subscription tells the first failures: a new post in the channel.
        await BothRoundsAsync(bot, TimeSpan.FromMinutes(4));
        Assert.Equal("CREATE", Assert.Single(bot.Connector.Calls).Method);
        // Someone watches the job from that post's thread (the connector's first message): from now on the watch tells
        // its news there, the subscription nothing, the end included (the watch tells it, then goes).
        var thread = "team-id;messageid=msg-1";
        var watch = bot.InChannel($"watch {ScriptedHistory.FailThenFinishId}");
        watch["conversation"]!["id"] = thread;
        await bot.Host.SendAsync(watch);
        // Its next failures (at 6 minutes) while the watch is there: the watch tells them.
        await BothRoundsAsync(bot, TimeSpan.FromMinutes(4));
        // The end (at 9) seen by the watch first, as when the feed's list is a minute away: the watch tells it and goes;
        // the feed, listing after, finds the watch's news of the end and stays quiet.
        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(4));
        Assert.Empty(await bot.WatchesAsync(thread));
        await FeedRoundsAsync(bot, TimeSpan.FromMinutes(2));

        Assert.Equal(
            [
                ("CREATE", "team-id", $"🔴 {Canary}: 3 tasks failed ({Driver})"),
                ("POST", thread, $"🔴 2 more failed tasks on job {Canary} (5 in all): new cause: NPU health check failed: HBM ECC errors on device 3 on 2 servers"),
                ("POST", thread, $"⚠️ Job {Canary} finished with 5 failed tasks of 20: {Driver} on 3 servers; NPU health check failed: HBM ECC errors on device 3 on 2 servers"),
            ],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Said)));
    }

    // The feed's rounds as the hosted service runs them, every step of the shared clock.
    private static async Task FeedRoundsAsync(WatchingBot bot, TimeSpan total)
    {
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += Step)
        {
            bot.Clock.Advance(Step);
            await feed.RunOnceAsync(CancellationToken.None);
        }
    }

    // The watch poller's round first: a watch that told the job's end is gone by the time the feed sees the end.
    private static async Task BothRoundsAsync(WatchingBot bot, TimeSpan total)
    {
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += Step)
        {
            await bot.RoundAfterAsync(Step);
            await feed.RunOnceAsync(CancellationToken.None);
        }
    }

    private static Subscription Make(WatchingBot bot, string conversationId, string conversationType, string? prefix, params MentionTarget[] mentions)
    {
        var reference = new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = bot.ServiceUrl.ToString(),
            Bot = new ChannelAccount("28:bot-id", "ChatOps"),
            Conversation = new ConversationAccount(isGroup: conversationType != "personal", conversationType: conversationType, id: conversationId,
                tenantId: Requests.TenantId),
        };
        return Subscriptions.Make(conversationId, bot.Clock.GetUtcNow(), prefix, mentions: mentions) with
        {
            ConversationReference = JsonConvert.SerializeObject(reference),
            ServiceUrl = bot.ServiceUrl.ToString(),
        };
    }

    // A four-server job named as its id; the first `failed` tasks FAILED (the others run, or succeeded once it ended), the
    // row's count and update time following.
    private static LiteServerJob Job(string id, string status, int failed, DateTimeOffset updated) => new()
    {
        Id = id,
        Name = id,
        Type = "COMMON",
        Status = status,
        UserName = "ml_platform",
        AbnormalCount = failed,
        CreatedAt = WatchingBot.Start,
        UpdatedAt = updated,
        Tasks = [.. Enumerable.Range(1, 4).Select(n => FixtureJobs.Task(id, n, "liteserver-" + id,
            n <= failed ? (JobStatuses.TaskFailed, "NPU driver mismatch")
            : JobStatuses.Is(status, JobStatuses.Processing) ? (JobStatuses.TaskProcessing, "running")
            : (JobStatuses.TaskSuccess, "finished"), updated))],
    };
}
