using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// One person or one busy channel cannot turn the bot into a ModelArts load generator: past the per-user or
/// per-conversation allowance the answer is "slow down", with no request to ModelArts, and however many ask, a job is
/// fetched at most once a second. The allowances are per minute of the real clock (System.Threading.RateLimiting
/// takes no TimeProvider): each test sends its few turns well within one minute, and needs no clock to stand still.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_user_past_their_allowance_is_told_to_slow_down_and_ModelArts_is_not_asked()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Security:CommandsPerUserPerMinute"] = "2" });
        await bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.SeedJobId}", bot.Connector.ServiceUrl));
        await bot.SendAsync(RecordedActivity.PersonalText("help", bot.Connector.ServiceUrl));
        var requests = bot.Simulator.Catalog.RequestCount;

        var third = await bot.SendAsync(RecordedActivity.PersonalText($"job {JobCatalog.RunningJobId}", bot.Connector.ServiceUrl));

        var reply = Assert.Single(third);
        Assert.Null(reply.Card());
        Assert.Matches(@"^Slow down a little: too many commands right now\. Try again in \d+ s\.$", reply.Text());
        Assert.Equal(requests, bot.Simulator.Catalog.RequestCount);
    }

    [Fact]
    public async Task A_conversation_past_its_allowance_slows_down_every_user_in_it()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?> { ["Security:CommandsPerConversationPerMinute"] = "3" });
        var answers = new List<string?>();
        for (var user = 0; user < 5; user++)
        {
            var activity = RecordedActivity.ChannelText("help", bot.Connector.ServiceUrl);
            activity["from"]!["aadObjectId"] = $"00000000-0000-0000-0000-00000000{user:D4}";
            answers.Add(Assert.Single(await bot.SendAsync(activity)).Text());
        }

        Assert.Equal(3, answers.Count(a => a is null));
        Assert.All(answers.Skip(3), a => Assert.StartsWith("Slow down a little", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forty_people_asking_for_one_job_at_once_cause_one_ModelArts_request()
    {
        // The bot's clock stands still, so "within one second" holds however slowly this machine runs the 40 turns.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotTestHost.StartAsync(
            new Dictionary<string, string?> { ["Security:CommandsPerConversationPerMinute"] = "1000" },
            services => services.AddSingleton<TimeProvider>(frozen));
        var asks = Enumerable.Range(0, 40).Select(user =>
        {
            JsonObject activity = (user % 3) switch
            {
                0 => RecordedActivity.PersonalText($"job {JobCatalog.ManyFailuresJobId}", bot.Connector.ServiceUrl),
                1 => RecordedActivity.Submit("refresh", JobCatalog.ManyFailuresJobId, $"card-{user}", bot.Connector.ServiceUrl),
                _ => RecordedActivity.Execute(RecordedActivity.InvokePersonal, "refreshStatus", JobCatalog.ManyFailuresJobId, bot.Connector.ServiceUrl),
            };
            activity["from"]!["aadObjectId"] = $"00000000-0000-0000-0000-0000{user:D8}";
            return user % 3 == 2 ? (Task)bot.InvokeAsync(activity) : bot.SendAsync(activity);
        });

        await Task.WhenAll(asks);

        Assert.Equal(1, bot.Simulator.Catalog.RequestCount);
    }
}
