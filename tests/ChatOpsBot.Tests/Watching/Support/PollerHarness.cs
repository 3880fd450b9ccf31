using System.Diagnostics.Metrics;
using ChatOpsBot.Hosting;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.DependencyInjection;
using ChatOpsBot.Watching;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>
/// A poller over a real SQLite file, a fake clock, a scripted job API and a recording notifier. "Restart" builds a new
/// store and a new poller over the same file, as a new process would.
/// </summary>
internal sealed class PollerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public PollerHarness(Action<WatchOptions>? configure = null, Action<ConversationPaceOptions>? pace = null)
    {
        Options = new WatchOptions { DataFolder = Path.Combine(_folder.Path, "data") };
        configure?.Invoke(Options);
        pace?.Invoke(PaceOptions);
        Store = NewStore();
        Poller = NewPoller();
    }

    public WatchOptions Options { get; }
    public ConversationPaceOptions PaceOptions { get; } = new();
    public FakeTimeProvider Clock { get; } = new(Start);
    public FakeJobClient Api { get; } = new();
    public RecordingNotifier Notifier { get; } = new();
    public JobChangeDetector Detector { get; } = new();
    public ProjectAccess Access { get; private set; } = null!;
    public SqliteWatchStore Store { get; private set; }
    public JobWatchPoller Poller { get; private set; }
    public DeliverySender Sender { get; private set; } = null!;

    public JobWatcher Watcher => new(Store, Detector, Microsoft.Extensions.Options.Options.Create(Options), Clock);

    /// <summary>Watches the job from the conversation as <c>watch &lt;id&gt;</c> would, with the job as the user saw it.</summary>
    public async Task<Watch> WatchAsync(string conversationId, LiteServerJob job, string? cardActivityId = null)
    {
        Api.Answer(job);
        var result = await Watcher.WatchAsync(Requests.For(conversationId, job.Id!, cardActivityId), job, CancellationToken.None);
        Assert.Equal(AddWatchOutcome.Added, result.Outcome);
        return result.Watch!;
    }

    /// <summary>Lets time pass, then runs one round.</summary>
    public async Task RoundAfter(TimeSpan elapsed)
    {
        Clock.Advance(elapsed);
        await Poller.RunOnceAsync(CancellationToken.None);
    }

    public Task RoundAfterSeconds(double seconds) => RoundAfter(TimeSpan.FromSeconds(seconds));

    /// <summary>Wraps the store the next poller (after <see cref="Restart"/>) uses, e.g. to make the process die at one write.</summary>
    public Func<IWatchStore, IWatchStore>? WrapStore { get; set; }

    public void Restart()
    {
        Store.Dispose();
        Store = NewStore();
        Poller = NewPoller();
    }

    public Task<IReadOnlyList<Watch>> ListAsync(string conversationId) => Store.ListByConversationAsync(conversationId, CancellationToken.None);

    public void Dispose()
    {
        Poller.Dispose();
        Store.Dispose();
        _folder.Dispose();
        _meters.Dispose();
    }

    private SqliteWatchStore NewStore() =>
        new(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<SqliteWatchStore>.Instance);

    private JobWatchPoller NewPoller()
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        IWatchStore store = WrapStore?.Invoke(Store) ?? Store;
        Access = new ProjectAccess(Clock, NullLogger<ProjectAccess>.Instance);
        var metrics = new ChatOpsMetrics(_meters.GetRequiredService<IMeterFactory>());
        var pace = new ConversationPace(Store, Microsoft.Extensions.Options.Options.Create(PaceOptions), options, Clock,
            NullLogger<ConversationPace>.Instance);
        Sender = new DeliverySender(store, Notifier, options, Clock, metrics, pace, NullLogger<DeliverySender>.Instance);
        return new(store, new JobReader(Api, Access, options, NullLogger<JobReader>.Instance), new WatchDecider(Detector, options), Sender,
            new AlwaysPoll(), options, Clock, metrics, NullLogger<JobWatchPoller>.Instance);
    }
}
