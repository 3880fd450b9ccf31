using ChatOpsBot.Bot;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// A watch made while its conversation was allowed posts nothing once the policy no longer allows it: the bot is
/// restarted on the same data folder with a narrower allow-list, the job starts failing, and the poller's round
/// sends nothing there (and stops the watch, saying why).
/// </summary>
public sealed class ProactiveAccessTests : IDisposable
{
    private const string JobId = "proactive-policy-job";

    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("still allowed")]
    [InlineData("tenant")]
    [InlineData("user")]
    [InlineData("conversation")]
    public async Task A_watch_whose_conversation_is_no_longer_allowed_posts_nothing(string refusedLevel)
    {
        await using var teams = await FakeConnector.StartAsync();
        await WatchAsync(teams);

        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var restarted = await BotTestHost.StartAsync(Settings(refusedLevel), services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddFakeLogging();
        });
        restarted.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 1, failed: [("driver mismatch", 3)], id: JobId));
        // The round is the test's alone: the poller's own rounds would claim the watch and post in the background.
        await restarted.Services.GetRequiredService<JobWatchPoller>().StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await restarted.Services.GetRequiredService<JobWatchPoller>().RunOnceAsync(CancellationToken.None);

        var watch = Assert.Single(await restarted.Services.GetRequiredService<IWatchStore>().ListByConversationAsync(PolicyBotFixture.PersonalConversationId, CancellationToken.None));
        if (refusedLevel == "still allowed")
        {
            Assert.Contains(teams.Calls, c => c.Text?.Contains("3 new failed tasks", StringComparison.Ordinal) == true);
            Assert.True(watch.IsActive);
            return;
        }
        Assert.Empty(teams.Calls);
        Assert.False(watch.IsActive);
        Assert.Contains("access policy", watch.DisabledReason, StringComparison.Ordinal);
        // The poller's own round may have run alongside the test's once the clock moved: each refusal is logged.
        var refusals = restarted.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Category == typeof(ProactiveWatchNotifier).FullName && r.Level == LogLevel.Warning).ToList();
        Assert.NotEmpty(refusals);
        Assert.All(refusals, refusal =>
        {
            Assert.Contains($"{refusedLevel} not allowed", refusal.Message, StringComparison.Ordinal);
            Assert.Contains($"tenant {PolicyBotFixture.TenantId}, user {PolicyBotFixture.UserObjectId}, conversation {PolicyBotFixture.PersonalConversationId}",
                refusal.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_channel_allowed_by_its_team_id_hears_its_news_and_the_post_carries_the_conversation_as_Teams_gave_it()
    {
        const string thread = "19:build-alerts@thread.tacv2;messageid=1795904845293";
        await using var teams = await FakeConnector.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Watching:DataFolder"] = _data.Path,
            ["Watching:FastPollInterval"] = "00:01:00",
            ["Watching:PollInterval"] = "00:01:00",
            ["Security:AllowedTenantIds:0"] = PolicyBotFixture.TenantId,
            ["Security:AllowedConversationIds:0"] = PolicyBotFixture.TeamId,
        };
        var watch = RecordedActivity.ChannelText($"watch {JobId}", teams.ServiceUrl);
        watch["conversation"]!["id"] = thread;
        watch["channelData"]!["channel"]!["id"] = "19:build-alerts@thread.tacv2";
        await WatchAsync(settings, watch);

        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var restarted = await BotTestHost.StartAsync(settings, services => services.AddSingleton<TimeProvider>(time));
        restarted.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 1, failed: [("driver mismatch", 3)], id: JobId));
        // The round is the test's alone: the poller's own rounds would claim the watch and post in the background.
        await restarted.Services.GetRequiredService<JobWatchPoller>().StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await restarted.Services.GetRequiredService<JobWatchPoller>().RunOnceAsync(CancellationToken.None);

        // The poller's own round may have run alongside the test's once the clock moved.
        var news = teams.Calls.Where(c => c.Text?.Contains("3 new failed tasks", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(news);
        Assert.All(news, post =>
        {
            Assert.Equal(thread, post.ConversationId);
            Assert.DoesNotContain(post.Activity["conversation"]!.AsObject(), p => p.Key.StartsWith("chatOps", StringComparison.Ordinal));
        });
    }

    /// <summary>Watches the job from the recorded personal chat, with every level allowed; replies would go to <paramref name="teams"/>.</summary>
    private Task WatchAsync(FakeConnector teams) =>
        WatchAsync(Settings("still allowed"), RecordedActivity.PersonalText($"watch {JobId}", teams.ServiceUrl));

    private static async Task WatchAsync(Dictionary<string, string?> settings, System.Text.Json.Nodes.JsonObject watch)
    {
        await using var bot = await BotTestHost.StartAsync(settings);
        bot.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 4, id: JobId));
        var replies = await bot.SendAsync(watch);
        Assert.StartsWith("Watching", replies[0].Text(), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(string refusedLevel) => new()
    {
        ["Watching:DataFolder"] = _data.Path,
        // Not due again for a minute: nothing polls until the test moves the clock.
        ["Watching:FastPollInterval"] = "00:01:00",
        ["Watching:PollInterval"] = "00:01:00",
        ["Security:AllowedTenantIds:0"] = refusedLevel == "tenant" ? AccessPolicyEndToEndTests.OtherTenant : PolicyBotFixture.TenantId,
        ["Security:AllowedUserObjectIds:0"] = refusedLevel == "user" ? AccessPolicyEndToEndTests.OtherUser : PolicyBotFixture.UserObjectId,
        ["Security:AllowedConversationIds:0"] = refusedLevel == "conversation" ? AccessPolicyEndToEndTests.OtherConversation : PolicyBotFixture.PersonalConversationId,
    };
}
