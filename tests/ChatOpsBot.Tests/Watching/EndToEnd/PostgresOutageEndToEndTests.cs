using System.Net;
using ChatOpsBot.Hosting;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using static ChatOpsBot.Tests.Watching.EndToEnd.WatchHistoryEndToEndTests;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The bot on PostgreSQL when PostgreSQL goes away: commands that need the store answer a clear sentence, readiness says
/// Degraded (200, so a platform probe does not pull the instance), polling pauses, and when the server is back the
/// news arrives, each piece once.
/// </summary>
public sealed class PostgresOutageEndToEndTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_store_that_cannot_be_reached_is_said_in_the_reply_and_readiness_is_degraded_not_down()
    {
        var closedPort = WatchingBotPorts.Closed();
        await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?>
        {
            ["Watching:Store"] = "Postgres",
            ["ConnectionStrings:Watches"] = $"Host=127.0.0.1;Port={closedPort};Username=bot;Password=x;Database=watches;Timeout=3",
        });

        var watch = await bot.AskAsync(bot.InPersonalChat($"watch {ScriptedHistory.FailThenFinishId}"));
        var watching = await bot.AskAsync(bot.InPersonalChat("watching"));
        var card = await bot.Host.SendAsync(bot.InPersonalChat($"job {ScriptedHistory.FailThenFinishId}"));
        using var readiness = await bot.Host.Http.GetAsync(new Uri(HealthEndpointExtensions.ReadinessPath, UriKind.Relative));

        const string expected = "I can't reach the list of watches right now, so nothing was changed. Your watches are kept; try again in a minute.";
        Assert.Equal(expected, watch);
        Assert.Equal(expected, watching);
        Assert.NotNull(Assert.Single(card).Card());
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        Assert.Equal("Degraded", await readiness.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostgreSQL_stopped_during_a_history_then_started_again_loses_and_repeats_nothing()
    {
        await using var server = await PostgresServer.StartOwnAsync();
        var database = new PostgresDatabase(server);
        await database.InitializeAsync();
        try
        {
            await using var bot = await WatchingBot.StartAsync(new Dictionary<string, string?>
            {
                ["Watching:Store"] = "Postgres",
                ["ConnectionStrings:Watches"] = database.ConnectionString + ";Timeout=3",
            });
            await bot.Host.SendAsync(bot.InPersonalChat($"watch {ScriptedHistory.FailThenFinishId}"));
            await bot.Host.SendAsync(bot.InChannel($"watch {ScriptedHistory.FailThenFinishId}"));
            bot.Connector.Clear();
            await bot.RoundsAsync(Step, TimeSpan.FromMinutes(4));

            var beforeOutage = bot.Connector.Calls.Count;
            await server.StopAsync();
            var refusedRounds = 0;
            for (var i = 0; i < 6; i++)
            {
                // The second wave of failures comes while the store is down: polling pauses, nothing is posted.
                await Assert.ThrowsAsync<WatchStoreUnavailableException>(() => bot.RoundAfterAsync(Step));
                refusedRounds++;
            }
            var duringOutage = bot.Connector.Calls.Count;
            await server.StartAsync();
            await bot.RoundsAsync(Step, WholeHistory);

            Assert.Equal(6, refusedRounds);
            Assert.Equal(beforeOutage, duringOutage);
            Assert.Equal([ThreeFailed, TwoMore, Finished], bot.CallsTo(WatchingBot.Personal).Select(c => c.Text).Where(t => t is not null));
            Assert.Equal([ThreeFailed, TwoMore, Finished], bot.CallsTo(WatchingBot.Channel).Select(c => c.Text).Where(t => t is not null));
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
