using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// A watched job lives its scripted history (running → 3 failed → 5 failed → FINISHED) in the simulator while the bot
/// polls it: the conversation hears each piece of news once, the watched card follows in place, and nothing else
/// is posted.
/// </summary>
public sealed class WatchHistoryEndToEndTests
{
    public const string JobId = ScriptedHistory.FailThenFinishId;
    public const string Label = "hdk-rollout-canary";
    public const string WatchingReply = $"Watching {Label}: I'll post here when its tasks start failing and when it ends.";
    public const string Driver = "driver mismatch: expected 24.1.0.3, found 23.0.6";
    public const string Npu = "NPU health check failed: HBM ECC errors on device 3";
    public const string ThreeFailed = $"🔴 3 new failed tasks on job {Label}: {Driver} on 3 servers";
    public const string TwoMore = $"🔴 2 more failed tasks on job {Label} (5 in all): new cause: {Npu} on 2 servers";
    public const string Finished = $"⚠️ Job {Label} finished with 5 failed tasks of 20: {Driver} on 3 servers; {Npu} on 2 servers";

    /// <summary>Long enough for the whole history (9 min) and a few quiet rounds after it.</summary>
    public static readonly TimeSpan WholeHistory = TimeSpan.FromMinutes(12);

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_in_a_personal_chat_posts_each_failure_wave_and_the_end_once_and_keeps_the_card_up_to_date()
    {
        await using var bot = await WatchingBot.StartAsync();

        await bot.DeliverAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.RoundsAsync(Step, WholeHistory);

        var calls = bot.Connector.Calls;
        Assert.All(calls, c => Assert.Equal(WatchingBot.Personal, c.ConversationId));
        Assert.Equal(
        [
            $"POST {WatchingReply}",
            "POST card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {ThreeFailed}",
            "PUT msg-2 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {TwoMore}",
            "PUT msg-2 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {Finished}",
            "PUT msg-2 card FINISHED [Refresh, Console]",
        ], calls.Describe());
        // The preview of each notification is the news itself.
        Assert.Equal([ThreeFailed, TwoMore, Finished], calls.Where(c => c.Card is null).Skip(1).Select(c => c.Summary));
        // The updated card shows what the news said.
        var updates = calls.Where(c => c.Method == "PUT").Select(c => string.Join("\n", c.Card.CardTexts())).ToList();
        Assert.Contains("3 of 20 tasks failed", updates[0], StringComparison.Ordinal);
        Assert.Contains("5 of 20 tasks failed", updates[1], StringComparison.Ordinal);
        Assert.Contains(Npu, updates[1], StringComparison.Ordinal);
        Assert.Contains("5 of 20 tasks failed", updates[2], StringComparison.Ordinal);
        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
    }

    [Fact]
    public async Task Watch_in_a_channel_posts_the_news_into_that_channel_thread()
    {
        await using var bot = await WatchingBot.StartAsync();

        var replies = await bot.Host.SendAsync(bot.InChannel($"watch {JobId}"));
        await bot.RoundsAsync(Step, WholeHistory);

        Assert.Equal(WatchingReply, replies[0].Text());
        Assert.Equal("PROCESSING", replies[1].Card().CardTexts()[0]);
        Assert.Equal([ThreeFailed, TwoMore, Finished], bot.Connector.Calls.Select(c => c.Text));
        Assert.All(bot.Connector.Calls, c =>
        {
            Assert.Equal(WatchingBot.Channel, c.ConversationId);
            Assert.Equal("POST", c.Method);
            Assert.Equal(c.Text, c.Summary);
        });
    }

    [Fact]
    public async Task Watch_button_turns_the_card_into_an_Unwatch_card_in_place_and_that_card_follows_the_job()
    {
        await using var bot = await WatchingBot.StartAsync();
        var card = await bot.Host.SendAsync(bot.InPersonalChat($"job {JobId}"));
        Assert.Contains("Watch", Assert.Single(card).Card().CardButtons().Select(b => b.Title));

        var replies = await bot.Host.SendAsync(RecordedActivity.Submit("watch", JobId, "card-41", bot.ServiceUrl));

        Assert.Equal(WatchingReply, Assert.Single(replies).Text());
        Assert.Equal(["PUT card-41 card PROCESSING [Refresh, Unwatch, Console]"], bot.Connector.Calls.Describe());

        await bot.RoundsAsync(Step, WholeHistory);

        Assert.Equal(
        [
            "PUT card-41 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {ThreeFailed}",
            "PUT card-41 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {TwoMore}",
            "PUT card-41 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {Finished}",
            "PUT card-41 card FINISHED [Refresh, Console]",
        ], bot.Connector.Calls.Describe());
    }
}
