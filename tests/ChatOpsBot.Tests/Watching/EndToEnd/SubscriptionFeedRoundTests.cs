using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// A round with many reads (the first round of a project reads every failing job a subscription follows): reads go a
/// few at a time, the result is taken in list order, and the feed's claim is renewed while the round outlasts its lease.
/// The real bot against the simulator over loopback; the job client is wrapped only to watch the reads.
/// </summary>
public sealed class SubscriptionFeedRoundTests
{
    private const int ProjectSize = 300;
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_learning_round_reads_several_jobs_at_a_time_never_more_than_MaxConcurrency_and_keeps_list_order()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var reads = new WatchedReads();
        // The first reads wait until three are in flight at once: reading one at a time would never get there.
        reads.OnRead = async () =>
        {
            if (reads.InFlight >= 3)
            {
                reads.ThreeInFlight.TrySetResult();
            }
            await reads.ThreeInFlight.Task.WaitAsync(WaitLimit);
        };
        await using var bot = await StartAsync(clock, reads, ("Watching:MaxConcurrency", "3"));
        AddProject(bot, clock.GetUtcNow());
        await bot.Services.GetRequiredService<ISubscriptionStore>()
            .AddSubscriptionAsync(Subscriptions.Make("a:personal", clock.GetUtcNow(), prefix: "load-"), 10, CancellationToken.None);

        var round = await bot.Services.GetRequiredService<SubscriptionFeed>().RunRoundAsync(CancellationToken.None);

        Assert.Equal(3, reads.MostInFlight);
        Assert.Equal(ProjectSize / 7, round.ReadJobs.Count(id => id.StartsWith(ProjectJobs.Prefix, StringComparison.Ordinal)));
        var read = round.ReadJobs.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(reads.Listed.Where(read.Contains), round.ReadJobs);
    }

    [Fact]
    public async Task A_round_that_outlasts_the_claim_lease_renews_its_claim_so_no_other_instance_takes_it_and_it_is_recorded()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var reads = new WatchedReads();
        var renewals = new RenewalSignal();
        FeedClaim? takenOver = null;
        var started = clock.GetUtcNow();
        BotTestHost? host = null;
        // The first read takes 44 s of the clock, longer than the 30 s lease: the renewal (every 10 s) must keep the claim.
        reads.OnRead = async () =>
        {
            if (Interlocked.Increment(ref reads.Slow) != 1)
            {
                return;
            }
            for (var step = 0; step < 4; step++)
            {
                clock.Advance(TimeSpan.FromSeconds(11));
                Assert.True(await renewals.Renewed.WaitAsync(WaitLimit));
            }
            var project = host!.Services.GetRequiredService<IOptions<ModelArtsOptions>>().Value.ProjectId ?? "";
            takenOver = await renewals.Inner!.ClaimFeedAsync(project, clock.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None);
        };
        await using var bot = await StartAsync(clock, reads, ("Watching:ClaimLease", "00:00:30"), renewals);
        host = bot;
        AddProject(bot, started);
        await bot.Services.GetRequiredService<ISubscriptionStore>()
            .AddSubscriptionAsync(Subscriptions.Make("a:personal", started, prefix: "load-"), 10, CancellationToken.None);

        var round = await bot.Services.GetRequiredService<SubscriptionFeed>().RunRoundAsync(CancellationToken.None);

        Assert.True(round.Listed);
        Assert.True(clock.GetUtcNow() - started > TimeSpan.FromSeconds(30));
        Assert.Null(takenOver);
        // Recorded: the next claim has the project's rows.
        var project = bot.Services.GetRequiredService<IOptions<ModelArtsOptions>>().Value.ProjectId ?? "";
        var next = await renewals.Inner!.ClaimFeedAsync(project, clock.GetUtcNow(), TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.NotNull(next);
        Assert.True(next.EverListed);
        Assert.Contains(ProjectJobs.IdOf(ProjectSize), next.Rows.Keys);
    }

    // The feed's own loop is stopped: rounds run only when the test says, on the clock it moves.
    private static async Task<BotTestHost> StartAsync(FakeTimeProvider clock, WatchedReads reads, (string Key, string Value) setting,
        RenewalSignal? renewals = null)
    {
        var host = await BotTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Watching:ListPollInterval"] = "00:00:01",
                ["ModelArts:AttemptTimeout"] = "00:05:00",
                ["ModelArts:TotalTimeout"] = "00:10:00",
                [setting.Key] = setting.Value,
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
                var client = services.Last(d => d.ServiceType == typeof(ILiteServerJobClient));
                services.AddSingleton<ILiteServerJobClient>(sp => reads.Wrap(Resolve<ILiteServerJobClient>(client, sp)));
                if (renewals is not null)
                {
                    var feed = services.Last(d => d.ServiceType == typeof(IFeedStore));
                    services.AddSingleton<IFeedStore>(sp => renewals.Wrap(Resolve<IFeedStore>(feed, sp)));
                }
            }, simulatorTime: clock);
        await host.Services.GetRequiredService<SubscriptionFeedService>().StopAsync(CancellationToken.None);
        return host;
    }

    private static T Resolve<T>(ServiceDescriptor descriptor, IServiceProvider services) where T : class =>
        (T)(descriptor.ImplementationInstance ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    // The project: generated jobs (every 7th with failed nodes), as the simulator's Simulator:ProjectJobs makes them.
    private static void AddProject(BotTestHost bot, DateTimeOffset since)
    {
        for (var number = 1; number <= ProjectSize; number++)
        {
            bot.Simulator.Catalog.AddJob(ProjectJobs.TryCreate(ProjectJobs.IdOf(number), ProjectSize, since, out var job)
                ? job : throw new InvalidOperationException(number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Counts the detail reads in flight, runs a hook in each, and keeps the order the list answered.</summary>
    private sealed class WatchedReads
    {
        private int _inFlight;
        private int _mostInFlight;
        public int Slow;

        public Func<Task> OnRead { get; set; } = () => Task.CompletedTask;

        public TaskCompletionSource ThreeInFlight { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int InFlight => Volatile.Read(ref _inFlight);

        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public IReadOnlyList<string> Listed { get; private set; } = [];

        public ILiteServerJobClient Wrap(ILiteServerJobClient inner) => new Client(inner, this);

        private sealed class Client(ILiteServerJobClient inner, WatchedReads reads) : ILiteServerJobClient
        {
            public async Task<LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken)
            {
                var now = Interlocked.Increment(ref reads._inFlight);
                int most;
                while (now > (most = Volatile.Read(ref reads._mostInFlight)) && Interlocked.CompareExchange(ref reads._mostInFlight, now, most) != most)
                {
                }
                try
                {
                    await reads.OnRead();
                    return await inner.GetJobAsync(jobId, cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref reads._inFlight);
                }
            }

            public async Task<LiteServerJobPage> ListJobsAsync(LiteServerJobQuery query, CancellationToken cancellationToken)
            {
                var page = await inner.ListJobsAsync(query, cancellationToken);
                reads.Listed = [.. page.Data.Select(r => r.Id ?? "")];
                return page;
            }
        }
    }

    /// <summary>Lets the test wait for each renewal of the feed's claim; everything else goes to the store as is.</summary>
    private sealed class RenewalSignal
    {
        public SemaphoreSlim Renewed { get; } = new(0);

        public IFeedStore? Inner { get; private set; }

        public IFeedStore Wrap(IFeedStore inner)
        {
            Inner = inner;
            return new Store(inner, this);
        }

        private sealed class Store(IFeedStore inner, RenewalSignal signal) : IFeedStore
        {
            public Task<FeedClaim?> ClaimFeedAsync(string projectId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
                inner.ClaimFeedAsync(projectId, now, lease, cancellationToken);

            public async Task<bool> RenewFeedClaimAsync(string projectId, string claimToken, DateTimeOffset until, CancellationToken cancellationToken)
            {
                var renewed = await inner.RenewFeedClaimAsync(projectId, claimToken, until, cancellationToken);
                if (renewed)
                {
                    signal.Renewed.Release();
                }
                return renewed;
            }

            public Task<bool> RecordFeedAsync(string projectId, string claimToken, IReadOnlyList<FeedRow> changed, IReadOnlyList<string> vanished,
                IReadOnlyList<SubscriptionJobState> told, IReadOnlyList<PendingSubscriptionNews> news, bool morePages, DateTimeOffset now,
                DateTimeOffset nextListAt, CancellationToken cancellationToken) =>
                inner.RecordFeedAsync(projectId, claimToken, changed, vanished, told, news, morePages, now, nextListAt, cancellationToken);

            public Task<IReadOnlyList<SubscriptionDelivery>> ClaimSubscriptionDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max,
                CancellationToken cancellationToken) => inner.ClaimSubscriptionDeliveriesAsync(now, lease, max, cancellationToken);

            public Task<bool> MarkSubscriptionDeliveryAsync(SubscriptionDelivery delivery, NotifyOutcome outcome, string? postActivityId,
                DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
                inner.MarkSubscriptionDeliveryAsync(delivery, outcome, postActivityId, now, retryAt, cancellationToken);

            public Task<IReadOnlyList<string>> ListConversationsWatchingAsync(string jobId, CancellationToken cancellationToken) =>
                inner.ListConversationsWatchingAsync(jobId, cancellationToken);

            public Task<bool> FeedHasMorePagesAsync(string projectId, CancellationToken cancellationToken) =>
                inner.FeedHasMorePagesAsync(projectId, cancellationToken);
        }
    }
}
