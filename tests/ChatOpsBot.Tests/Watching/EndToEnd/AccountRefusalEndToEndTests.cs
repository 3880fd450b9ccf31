using ChatOpsBot.Simulator;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The account cannot read the project (here a wrong project id: the simulated gateway answers 404 to every job and
/// to the list): the bot pauses polling instead of ending every watch, says so on <c>/readyz</c>, and the news
/// arrives once reads work again.
/// </summary>
public sealed class AccountRefusalEndToEndTests
{
    private const string JobId = ScriptedHistory.FailThenFinishId;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_project_the_account_cannot_read_ends_no_watch_and_posts_nothing_and_the_news_resumes_after()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(bot.InPersonalChat($"watch {JobId}"));
        await bot.Host.SendAsync(bot.InChannel($"watch {JobId}"));
        var readyBefore = await ReadinessAsync(bot);
        var rightProject = bot.Host.Simulator.Options.ProjectId;
        bot.Host.Simulator.Options.ProjectId = "0000000000000000000000000000dead";

        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(3));
        var callsWhileRefused = bot.Connector.Calls.Describe();
        var readyWhileRefused = await ReadinessAsync(bot);
        var watchesWhileRefused = (await bot.WatchesAsync(WatchingBot.Personal)).Concat(await bot.WatchesAsync(WatchingBot.Channel)).ToList();
        bot.Host.Simulator.Options.ProjectId = rightProject;
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Empty(callsWhileRefused);
        Assert.Equal("Healthy", readyBefore);
        Assert.Equal("Degraded", readyWhileRefused);
        Assert.Equal(2, watchesWhileRefused.Count);
        Assert.All(watchesWhileRefused, w => Assert.True(w.IsActive));
        Assert.Equal("Healthy", await ReadinessAsync(bot));
        foreach (var conversation in new[] { WatchingBot.Personal, WatchingBot.Channel })
        {
            var texts = bot.CallsTo(conversation).Select(c => c.Text).ToList();
            Assert.DoesNotContain(texts, t => t?.Contains("Stopped watching", StringComparison.Ordinal) == true);
            Assert.Equal(WatchHistoryEndToEndTests.Finished, texts[^1]);
        }
    }

    private static async Task<string> ReadinessAsync(WatchingBot bot)
    {
        using var ready = await bot.Host.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        return await ready.Content.ReadAsStringAsync();
    }
}
