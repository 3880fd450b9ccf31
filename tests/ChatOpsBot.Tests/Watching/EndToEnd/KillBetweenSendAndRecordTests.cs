using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The question: the process dies after Teams has the message and before the watch records it as told.
/// Delivery is at least once: the restarted bot still measures news against the last recorded state, so it
/// sends that message again; nothing is lost. The window is one card update and one SQLite write long
/// (JobWatchPoller.NotifyAsync), so in practice a repeat needs a crash within milliseconds of a send.
/// </summary>
public sealed class KillBetweenSendAndRecordTests
{
    private const string Personal = WatchingBot.Personal;

    [Fact]
    public async Task A_bot_killed_between_sending_the_news_and_recording_it_sends_it_again_after_restart()
    {
        await using var env = await RestartableBot.StartAsync();
        await env.StartBotAsync();
        await env.DeliverAsync(env.InPersonalChat($"watch {JobId}"));
        // The card update that follows the news is never answered: the bot is stuck after the send, before the write.
        env.Connector.Hold(Personal, "PUT");

        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForCallsAsync(calls => calls.Any(c => c.Method == "PUT" && c.AnsweredStatus == 0), "the news and the hanging card update");
        await env.KillBotAsync();
        env.Connector.Allow(Personal);
        await env.StartBotAsync();
        await env.WaitForWatchesAsync(Personal, w => w.Single().LastNotified?.FailedTasks == 3, "the repeated news to be recorded");
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForWatchesAsync(Personal, w => w.Single().LastNotified?.FailedTasks == 5, "the next news to be recorded");

        Assert.Equal(
        [
            $"POST {WatchingReply}",
            "POST card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {ThreeFailed}",
            "PUT msg-2 card PROCESSING [Refresh, Unwatch, Console] → no answer",
            $"POST {ThreeFailed}",
            "PUT msg-2 card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {TwoMore}",
            "PUT msg-2 card PROCESSING [Refresh, Unwatch, Console]",
        ], env.Connector.Calls.Describe());
    }
}
