using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// From the project feed to the connector, in the real bot: a job of the project fails, a round finds it and records
/// the news in the outbox, the sender posts it. The complete list of connector calls for a channel subscription (with
/// a mention), a filtered personal one, and one that matches nothing.
/// </summary>
public sealed class SubscriptionDeliveryEndToEndTests
{
    private const string ChannelId = "19:oncall@thread.tacv2";
    private const int ProjectSize = 20;
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");

    [Fact]
    public async Task A_failing_job_opens_one_post_per_conversation_and_its_later_failures_go_into_that_posts_thread()
    {
        await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?> { ["Watching:ListPollInterval"] = "00:00:01" });
        var since = bot.Clock.GetUtcNow();
        for (var number = 1; number <= ProjectSize; number++)
        {
            bot.Host.Simulator.Catalog.AddJob(Generated(ProjectJobs.IdOf(number), since));
        }
        var store = bot.Host.Services.GetRequiredService<ISubscriptionStore>();
        await store.AddSubscriptionAsync(Make(bot, ChannelId, "channel", null, Alex), 10, CancellationToken.None);
        await store.AddSubscriptionAsync(Make(bot, WatchingBot.Personal, "personal", "load-00002"), 10, CancellationToken.None);
        await store.AddSubscriptionAsync(Make(bot, "a:group-chat", "groupChat", "eval-"), 10, CancellationToken.None);
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeed>();
        var sender = bot.Host.Services.GetRequiredService<SubscriptionSender>();
        async Task RoundAsync()
        {
            bot.Clock.Advance(TimeSpan.FromSeconds(1));
            var round = await feed.RunRoundAsync(CancellationToken.None);
            await sender.DeliverPendingAsync(round.News.Select(n => n.Job).DistinctBy(j => j.Id).ToDictionary(j => j.Id!), CancellationToken.None);
        }

        await RoundAsync();
        Assert.Empty(bot.Connector.Calls);

        var job = ProjectJobs.IdOf(2);
        bot.Host.Simulator.Catalog.AddJob(WithFailedTasks(job, since, bot.Clock.GetUtcNow().AddSeconds(1), 1));
        await RoundAsync();
        bot.Host.Simulator.Catalog.AddJob(WithFailedTasks(job, since, bot.Clock.GetUtcNow().AddSeconds(1), 2));
        await RoundAsync();
        await RoundAsync();

        var calls = bot.Connector.Calls;
        var thread = $"{ChannelId};messageid=msg-1";
        Assert.Equal(
            [
                ("CREATE", ChannelId, null, "🔴 load-00002: 1 task failed (NPU driver mismatch) <at>Alex Wilber</at>"),
                ("POST", WatchingBot.Personal, null, "🔴 load-00002: 1 task failed (NPU driver mismatch)"),
                ("POST", thread, null, "🔴 load-00002: 1 more task failed (NPU driver mismatch) <at>Alex Wilber</at>"),
                ("PUT", thread, "msg-1", "🔴 load-00002: 1 more task failed (NPU driver mismatch) <at>Alex Wilber</at>"),
                ("POST", WatchingBot.Personal, null, "🔴 load-00002: 1 more task failed (NPU driver mismatch)"),
                ("PUT", WatchingBot.Personal, "msg-2", "🔴 load-00002: 1 more task failed (NPU driver mismatch)"),
            ],
            calls.Select(c => (c.Method, c.ConversationId, c.Method == "PUT" ? c.ActivityId : null, c.Said)));
        Assert.NotNull(calls[0].Card);
        Assert.NotNull(calls[1].Card);
        Assert.NotNull(calls[3].Card);
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

    private static LiteServerJob Generated(string id, DateTimeOffset since) =>
        ProjectJobs.TryCreate(id, ProjectSize, since, out var job) ? job : throw new InvalidOperationException(id);

    private static LiteServerJob WithFailedTasks(string id, DateTimeOffset since, DateTimeOffset updated, int failed)
    {
        var job = Generated(id, since);
        var tasks = job.Tasks.ToList();
        for (var i = 0; i < failed; i++)
        {
            tasks[i] = tasks[i] with { Status = JobStatuses.TaskFailed, Message = "NPU driver mismatch" };
        }
        return job with { Tasks = tasks, AbnormalCount = failed, UpdatedAt = updated };
    }
}
