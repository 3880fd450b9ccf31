using ChatOpsBot.Simulator;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The simulator's scripted project history, as README says to try it: <c>subscribe name train-</c> in a channel, the
/// hosted feed's rounds every minute, and the complete list of connector calls over the whole history.
/// </summary>
public sealed class SubscriptionProjectHistoryEndToEndTests
{
    [Fact]
    public async Task A_channel_subscribed_to_train_jobs_gets_one_post_for_train_bert_large_then_its_next_failures_and_its_end_in_that_thread()
    {
        await using var bot = await WatchingBot.StartAsync();
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();
        await bot.AskAsync(bot.InChannel("subscribe name train-"));

        await feed.RunOnceAsync(CancellationToken.None);
        for (var minute = 1; minute <= 14; minute++)
        {
            bot.Clock.Advance(TimeSpan.FromMinutes(1));
            await feed.RunOnceAsync(CancellationToken.None);
        }

        var thread = "team-id;messageid=msg-1";
        Assert.Equal(
            [
                ("CREATE", "team-id", null, "🔴 train-bert-large: 2 tasks failed"),
                ("POST", thread, null, "🔴 train-bert-large: 2 more tasks failed"),
                ("PUT", thread, "msg-1", "🔴 train-bert-large: 2 more tasks failed"),
                ("POST", thread, null, "⏹ train-bert-large finished: 4 of 16 tasks failed"),
                ("PUT", thread, "msg-1", "⏹ train-bert-large finished: 4 of 16 tasks failed"),
            ],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Method == "PUT" ? c.ActivityId : null, Line(c.Said))));
        // The post's card is the job's card, its buttons naming the job.
        Assert.Contains(ProjectHistory.TrainBertId, bot.Connector.Calls[0].Card!.ToJsonString(), StringComparison.Ordinal);
    }

    // The line without the reason in brackets, which the history words.
    private static string? Line(string? text) => text?.Split(" (")[0];
}
