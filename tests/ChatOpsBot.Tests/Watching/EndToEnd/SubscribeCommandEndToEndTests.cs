using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Typed by a person, through the real bot: <c>subscribe</c> in a channel thread and in a personal chat, then a job of
/// the project fails and the hosted feed's round posts it: a new post in the channel, a message in the chat.
/// </summary>
public sealed class SubscribeCommandEndToEndTests
{
    private const int ProjectSize = 20;

    [Fact]
    public async Task Subscribe_typed_in_a_channel_and_a_chat_brings_the_next_failing_job_to_both()
    {
        await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?> { ["Watching:ListPollInterval"] = "00:00:01" });
        var since = bot.Clock.GetUtcNow();
        for (var number = 1; number <= ProjectSize; number++)
        {
            bot.Host.Simulator.Catalog.AddJob(Generated(ProjectJobs.IdOf(number), since));
        }
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();

        var inChannel = await bot.AskAsync(bot.InChannel("subscribe name load-"));
        var inChat = await bot.AskAsync(bot.InPersonalChat("subscribe"));
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        await feed.RunOnceAsync(CancellationToken.None);
        Assert.Empty(bot.Connector.Calls);

        var failing = Generated(ProjectJobs.IdOf(2), since);
        var tasks = failing.Tasks.ToList();
        tasks[0] = tasks[0] with { Status = JobStatuses.TaskFailed, Message = "NPU driver mismatch" };
        bot.Host.Simulator.Catalog.AddJob(failing with { Tasks = tasks, AbnormalCount = 1, UpdatedAt = bot.Clock.GetUtcNow().AddSeconds(1) });
        bot.Clock.Advance(TimeSpan.FromSeconds(1));
        await feed.RunOnceAsync(CancellationToken.None);
        var listed = await bot.AskAsync(bot.InChannel("subscriptions"));

        Assert.StartsWith("Subscribed: this channel will hear about every job whose name starts with load- when it gets failed tasks", inChannel,
            StringComparison.Ordinal);
        Assert.StartsWith("Subscribed: this chat will hear about every job when it gets failed tasks", inChat, StringComparison.Ordinal);
        Assert.Equal(
            [("CREATE", "team-id", "🔴 load-00002: 1 task failed (NPU driver mismatch)"),
             ("POST", WatchingBot.Personal, "🔴 load-00002: 1 task failed (NPU driver mismatch)")],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Said)));
        Assert.All(bot.Connector.Calls, c => Assert.NotNull(c.Card));
        Assert.StartsWith("This channel has 1 subscription of at most 10:\n\n1. Every job whose name starts with load- (since", listed, StringComparison.Ordinal);
    }

    private static LiteServerJob Generated(string id, DateTimeOffset since) =>
        ProjectJobs.TryCreate(id, ProjectSize, since, out var job) ? job : throw new InvalidOperationException(id);
}
