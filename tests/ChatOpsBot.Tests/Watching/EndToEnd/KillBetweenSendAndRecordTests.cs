using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The question: the process dies after Teams has the message and before the delivery is marked sent.
/// The news was recorded (the outbox) before the post, so nothing is lost; the delivery's claim lapses after the lease
/// and the restarted bot posts that one message again: the only repeat the design allows. The window is one card
/// update and one write long (DeliverySender), so in practice a repeat needs a crash within milliseconds of a post.
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
        await env.WaitForCallsAsync(calls => calls.Count(c => c.Text == ThreeFailed) == 2, "the news to be posted again after the lease");
        await env.WaitForNoPendingNewsAsync("the repeated news to be marked sent");
        env.Clock.Advance(TimeSpan.FromMinutes(3));
        await env.WaitForCallsAsync(calls => calls.Any(c => c.Text == TwoMore), "the next news");
        await env.WaitForNoPendingNewsAsync("the next news to be marked sent");

        // The repeat may come with or without the card refresh (it does when the restarted bot read the job in the same
        // round); the posts are what the conversation sees.
        Assert.Equal(
        [
            $"POST {WatchingReply}",
            "POST card PROCESSING [Refresh, Unwatch, Console]",
            $"POST {ThreeFailed}",
            $"POST {ThreeFailed}",
            $"POST {TwoMore}",
        ], env.Connector.Calls.Where(c => c.Method == "POST").ToList().Describe());
    }
}
