using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The project feed in the real bot against the simulator over loopback (real signing, one clock for both): one list
/// call per round, detail reads only for changed rows a subscription follows, and news only for failures the
/// subscription was not told of. ModelArts traffic is counted by the simulator.
/// </summary>
public sealed class SubscriptionFeedEndToEndTests
{
    private const int ProjectSize = 1_000;

    [Fact]
    public async Task A_project_of_1000_jobs_where_3_change_costs_one_list_call_and_3_detail_reads()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        var since = clock.GetUtcNow();
        AddProject(bot, since);
        var subscriptions = bot.Services.GetRequiredService<ISubscriptionStore>();
        await subscriptions.AddSubscriptionAsync(Subscriptions.Make("a:personal", clock.GetUtcNow(), prefix: "load-"), 10, CancellationToken.None);
        var feed = bot.Services.GetRequiredService<SubscriptionFeed>();

        // The first round learns the project: jobs failing before the subscription are noted, not told.
        var first = await feed.RunRoundAsync(CancellationToken.None);
        Assert.True(first.Listed);
        Assert.Empty(first.News);
        Assert.Equal(142, first.ReadJobs.Count(id => id.StartsWith(ProjectJobs.Prefix, StringComparison.Ordinal)));

        clock.Advance(TimeSpan.FromSeconds(1));
        string[] failing = [ProjectJobs.IdOf(1), ProjectJobs.IdOf(500), ProjectJobs.IdOf(1000)];
        foreach (var id in failing)
        {
            bot.Simulator.Catalog.AddJob(WithFailedTask(id, since, clock.GetUtcNow()));
        }
        var before = (bot.Simulator.Catalog.ListRequestCount, bot.Simulator.Catalog.DetailReadCount);

        var second = await feed.RunRoundAsync(CancellationToken.None);

        Assert.Equal((before.ListRequestCount + 1, before.DetailReadCount + 3),
            (bot.Simulator.Catalog.ListRequestCount, bot.Simulator.Catalog.DetailReadCount));
        Assert.Equal(failing, second.ReadJobs.Order(StringComparer.Ordinal));
        Assert.Equal(failing, second.News.Select(n => n.Job.Id!).Order(StringComparer.Ordinal));
        Assert.All(second.News, n => Assert.Single(n.NewKeys));
        Assert.All(second.News, n => Assert.Null(n.PostActivityId));

        // Nothing changed since: one list call, no read, nothing to tell.
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await feed.RunRoundAsync(CancellationToken.None);
        Assert.Equal((before.ListRequestCount + 2, before.DetailReadCount + 3),
            (bot.Simulator.Catalog.ListRequestCount, bot.Simulator.Catalog.DetailReadCount));
        Assert.Empty(third.ReadJobs);
        Assert.Empty(third.News);
    }

    [Fact]
    public async Task A_job_failing_when_the_subscription_was_made_is_not_news_but_its_new_failures_are()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        var since = clock.GetUtcNow();
        AddProject(bot, since);
        var feed = bot.Services.GetRequiredService<SubscriptionFeed>();
        await feed.RunRoundAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var subscriptions = bot.Services.GetRequiredService<ISubscriptionStore>();
        var subscription = (await subscriptions.AddSubscriptionAsync(
            Subscriptions.Make("a:personal", clock.GetUtcNow(), prefix: "load-00007"), 10, CancellationToken.None)).Subscription!;
        var failingAlready = ProjectJobs.IdOf(7);
        // It changes (a task finishes) without a new failure, after the subscription: still nothing to tell.
        bot.Simulator.Catalog.AddJob(Generated(failingAlready, since) with { UpdatedAt = clock.GetUtcNow() });
        clock.Advance(TimeSpan.FromSeconds(1));

        var noted = await feed.RunRoundAsync(CancellationToken.None);

        Assert.Equal([failingAlready], noted.ReadJobs);
        Assert.Empty(noted.News);
        Assert.False((await subscriptions.GetJobStateAsync(subscription.Id, failingAlready, CancellationToken.None))!.Baseline);

        bot.Simulator.Catalog.AddJob(WithFailedTask(failingAlready, since, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));
        var told = await feed.RunRoundAsync(CancellationToken.None);

        var news = Assert.Single(told.News);
        Assert.Equal(failingAlready, news.Job.Id);
        Assert.Single(news.NewKeys);
    }

    [Fact]
    public async Task Changed_jobs_that_no_subscription_follows_are_not_read()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        var since = clock.GetUtcNow();
        AddProject(bot, since);
        var subscriptions = bot.Services.GetRequiredService<ISubscriptionStore>();
        await subscriptions.AddSubscriptionAsync(Subscriptions.Make("a:personal", clock.GetUtcNow(), prefix: "nothing-like-it"), 10, CancellationToken.None);
        var feed = bot.Services.GetRequiredService<SubscriptionFeed>();
        await feed.RunRoundAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        bot.Simulator.Catalog.AddJob(WithFailedTask(ProjectJobs.IdOf(1), since, clock.GetUtcNow()));
        var reads = bot.Simulator.Catalog.DetailReadCount;

        var round = await feed.RunRoundAsync(CancellationToken.None);

        Assert.True(round.Listed);
        Assert.Equal(1, round.ChangedRows);
        Assert.Empty(round.ReadJobs);
        Assert.Equal(reads, bot.Simulator.Catalog.DetailReadCount);
    }

    // The feed's own loop is stopped: rounds run only when the test says, on the clock it moves.
    private static async Task<BotTestHost> StartAsync(FakeTimeProvider clock)
    {
        var host = await BotTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Watching:ListPollInterval"] = "00:00:01",
                ["ModelArts:AttemptTimeout"] = "00:00:15",
                ["ModelArts:TotalTimeout"] = "00:00:30",
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
            }, simulatorTime: clock);
        await host.Services.GetRequiredService<SubscriptionFeedService>().StopAsync(CancellationToken.None);
        return host;
    }

    // The project: 1,000 generated jobs (every 7th with failed nodes), as the simulator's Simulator:ProjectJobs makes them.
    private static void AddProject(BotTestHost bot, DateTimeOffset since)
    {
        for (var number = 1; number <= ProjectSize; number++)
        {
            bot.Simulator.Catalog.AddJob(Generated(ProjectJobs.IdOf(number), since));
        }
    }

    private static LiteServerJob Generated(string id, DateTimeOffset since) =>
        ProjectJobs.TryCreate(id, ProjectSize, since, out var job) ? job : throw new InvalidOperationException(id);

    // One more task FAILED than the generated job has, the row's count and update time following.
    private static LiteServerJob WithFailedTask(string id, DateTimeOffset since, DateTimeOffset now)
    {
        var job = Generated(id, since);
        var tasks = job.Tasks.ToList();
        var index = tasks.FindIndex(t => t.Status != JobStatuses.TaskFailed);
        tasks[index] = tasks[index] with { Status = JobStatuses.TaskFailed, Message = "NPU driver mismatch" };
        return job with { Tasks = tasks, AbnormalCount = tasks.Count(t => t.Status == JobStatuses.TaskFailed), UpdatedAt = now };
    }
}
