using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// A slow answer shows "typing…" first; a quick one does not. Both clocks are fake: the bot's (its one-second wait)
/// and the simulator's (when the slow job answers), so the test decides what is slow.
/// </summary>
public sealed class TypingIndicatorTests
{
    [Fact]
    public async Task A_slow_job_answer_is_preceded_by_one_typing_activity()
    {
        var botTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var simulatorTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bot = await StartAsync(botTime, simulatorTime);
        var requestsBefore = bot.Simulator.Catalog.RequestCount;

        var answer = bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.SlowJobId}", bot.Connector.ServiceUrl));
        await UntilAsync(() => bot.Simulator.Catalog.RequestCount > requestsBefore);
        botTime.Advance(TimeSpan.FromSeconds(1));
        var replies = await AnswerSlowJobAsync(simulatorTime, answer);

        Assert.Equal(2, replies.Count);
        Assert.Equal("typing", replies[0]["type"]!.GetValue<string>());
        Assert.Equal("message", replies[1]["type"]!.GetValue<string>());
        Assert.Equal("FINISHED", replies[1].Card().CardTexts()[0]);
    }

    [Fact]
    public async Task A_slow_refresh_shows_typing_before_the_card_is_updated()
    {
        var botTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var simulatorTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bot = await StartAsync(botTime, simulatorTime);
        var requestsBefore = bot.Simulator.Catalog.RequestCount;

        var answer = bot.SendAsync(RecordedActivity.Submit("refresh", JobCatalog.SlowJobId, "card-17", bot.Connector.ServiceUrl));
        await UntilAsync(() => bot.Simulator.Catalog.RequestCount > requestsBefore);
        botTime.Advance(TimeSpan.FromSeconds(1));
        var replies = await AnswerSlowJobAsync(simulatorTime, answer);

        Assert.Equal("typing", Assert.Single(replies)["type"]!.GetValue<string>());
        var update = Assert.Single(bot.Connector.Calls, c => c.Method == "PUT");
        Assert.Equal("card-17", update.ActivityId);
        Assert.Equal("FINISHED", update.Card.CardTexts()[0]);
    }

    [Fact]
    public async Task A_quick_answer_comes_without_typing()
    {
        var botTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bot = await StartAsync(botTime, simulatorTime: null);

        var replies = await bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.SeedJobId}", bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        Assert.Equal("message", reply["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_answer_with_the_connector_gets_typing_before_the_card()
    {
        var botTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var simulatorTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var bot = await StartAsync(botTime, simulatorTime);
        var requestsBefore = bot.Simulator.Catalog.RequestCount;
        var activity = RecordedActivity.PersonalText($"job {JobCatalog.SlowJobId}", bot.Connector.ServiceUrl);
        var conversation = "a:typing-" + Guid.NewGuid().ToString("N");
        activity["conversation"]!["id"] = conversation;

        var answer = bot.Http.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        await UntilAsync(() => bot.Simulator.Catalog.RequestCount > requestsBefore);
        botTime.Advance(TimeSpan.FromSeconds(1));
        await UntilAsync(() => bot.Connector.Calls.Any(c => c.ConversationId == conversation));
        using var response = await AnswerSlowJobAsync(simulatorTime, answer);
        response.EnsureSuccessStatusCode();

        var calls = bot.Connector.Calls.Where(c => c.ConversationId == conversation).ToList();
        Assert.Equal(["typing", "message"], calls.Select(c => c.Activity["type"]!.GetValue<string>()));
    }

    private static Task<BotTestHost> StartAsync(FakeTimeProvider botTime, FakeTimeProvider? simulatorTime) =>
        BotTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                // ModelArts' deadlines run on real time: generous, so only the simulator's fake clock ends the wait.
                ["ModelArts:AttemptTimeout"] = "00:05:00",
                ["ModelArts:TotalTimeout"] = "00:10:00",
                ["Bot:TypingDelay"] = "00:00:01",
            },
            services => services.AddSingleton<TimeProvider>(botTime),
            simulatorTime);

    /// <summary>
    /// Moves the simulator's clock until the slow job has answered: the request is counted a moment before the
    /// simulator starts its wait, so one move could come too early.
    /// </summary>
    private static async Task<T> AnswerSlowJobAsync<T>(FakeTimeProvider simulatorTime, Task<T> answer)
    {
        while (!answer.IsCompleted)
        {
            simulatorTime.Advance(TimeSpan.FromSeconds(30));
            await Task.WhenAny(answer, Task.Delay(50));
        }
        return await answer;
    }

    /// <summary>Waits for something the bot does on its own threads; the test's clocks, not this loop, decide the outcome.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
