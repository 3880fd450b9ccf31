namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Durability of subscriptions: the bot process is killed in the middle of the simulator's project history and started
/// again on the same watches.db. The connector's record spans both processes, so a lost or repeated post shows in it.
/// </summary>
public sealed class SubscriptionKillAndRestartTests
{
    [Fact]
    public async Task A_bot_killed_mid_project_history_and_started_again_loses_no_subscription_news_and_repeats_none()
    {
        await using var env = await RestartableBot.StartAsync();
        await env.StartBotAsync();
        // The bot keeps real time and the simulator's clock starts 4 minutes behind it: put the project's history after
        // the subscription is made, as it would be (a change from before the subscription is not news).
        env.Clock.Advance(TimeSpan.FromMinutes(5));
        await env.DeliverAsync(env.InPersonalChat("subscribe name train-bert"));
        await env.WaitForCallsAsync(calls => calls.Count >= 1, "the subscribe reply");
        // The history's clock starts with the first list call that sees it; the simulator counts a call before it
        // answers, so the second call (a round starts only after the one before was answered) says the clock runs.
        await WaitUntilAsync(() => env.Simulator.Catalog.ListRequestCount >= 2, "the feed's first two list calls");

        // Minute 3: train-bert-large's first 2 failed tasks, a new message with its card.
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForCallsAsync(calls => calls.Count >= 2, "the first failures");
        await env.WaitForNoPendingNewsAsync("the first failures to be marked sent");
        await env.KillBotAsync();
        // Minute 5, while the bot is down: 2 more failed tasks, of another cause.
        env.Clock.Advance(TimeSpan.FromMinutes(2));
        await env.StartBotAsync();
        await env.WaitForCallsAsync(calls => calls.Count >= 4, "the news that came while the bot was down and its card update");
        await env.WaitForNoPendingNewsAsync("that news to be marked sent");
        // Minute 9: the job finishes. Not while a list call is being answered, so each round sees one minute of the history.
        var before = env.Simulator.Catalog.ListRequestCount;
        await WaitUntilAsync(() => env.Simulator.Catalog.ListRequestCount >= before + 2, "two more list calls");
        env.Clock.Advance(TimeSpan.FromMinutes(4));
        await env.WaitForCallsAsync(calls => calls.Count >= 6, "the end of the job and its card");
        await env.WaitForNoPendingNewsAsync("the end to be marked sent");
        // A few more rounds: nothing else may come.
        var rounds = env.Simulator.Catalog.ListRequestCount;
        await WaitUntilAsync(() => env.Simulator.Catalog.ListRequestCount >= rounds + 3, "three quiet rounds");

        Assert.Equal(
        [
            "POST Subscribed: this chat will hear about every job whose name starts with train-bert when it gets failed tasks, with that job's later news after it. Type `subscriptions` to see them, `unsubscribe` to stop.",
            "POST card 🔴 train-bert-large: 2 tasks failed (driver install failed on NPU 1: expected 24.1.0.3, found 23.0.6) [Refresh, Watch, Console]",
            "POST 🔴 train-bert-large: 2 more tasks failed (NPU health check failed: HBM ECC uncorrectable errors on device 3)",
            "PUT msg-2 card 🔴 train-bert-large: 2 more tasks failed (NPU health check failed: HBM ECC uncorrectable errors on device 3) [Refresh, Watch, Console]",
            "POST ⏹ train-bert-large finished: 4 of 16 tasks failed",
            "PUT msg-2 card ⏹ train-bert-large finished: 4 of 16 tasks failed [Refresh, Console]",
        ], env.Connector.Calls.Describe());
    }

    private static async Task WaitUntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow + RestartableBot.Patience;
        while (!done())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Waited {RestartableBot.Patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
