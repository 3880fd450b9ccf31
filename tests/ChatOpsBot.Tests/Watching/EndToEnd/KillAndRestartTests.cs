using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// Durability: the bot process is killed in the middle of a watched history and started again on the same
/// watches.db. The connector's record spans both processes, so a lost or repeated notification shows in it.
/// </summary>
public sealed class KillAndRestartTests
{
    private const string Personal = WatchingBot.Personal;

    [Fact]
    public async Task A_bot_killed_mid_history_and_started_again_loses_no_news_and_repeats_none()
    {
        await using var env = await RestartableBot.StartAsync();
        await env.StartBotAsync();
        await env.DeliverAsync(env.InPersonalChat($"watch {JobId}"));

        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForCallsAsync(calls => calls.Count >= 4, "the first failures and the card update");
        await env.WaitForWatchesAsync(Personal, w => w.Single().LastNotified?.FailedTasks == 3, "the first failures to be recorded");
        await env.WaitForNoPendingNewsAsync("the first failures to be marked sent");
        await env.KillBotAsync();
        // Two more tasks fail while the bot is down.
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.StartBotAsync();
        await env.WaitForCallsAsync(calls => calls.Count >= 6, "the news that came while the bot was down");
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForWatchesAsync(Personal, w => w.Count == 0, "the watch to end with the job");
        await env.WaitForCallsAsync(calls => calls.Count >= 8, "the end of the job and its card");
        await env.WaitForNoPendingNewsAsync("the end to be marked sent");

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
        ], env.Connector.Calls.Describe());
    }
}
