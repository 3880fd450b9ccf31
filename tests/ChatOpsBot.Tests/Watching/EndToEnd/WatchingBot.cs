using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The real bot in process (<see cref="BotTestHost"/>) whose clock is the simulator's clock: one FakeTimeProvider moves
/// both, so scripted histories advance and watches fall due together, and the bot signs with the time the simulated
/// gateway checks. The poller's own loop is stopped right after start and rounds run only in
/// <see cref="RoundAfterAsync"/>: the loop's PeriodicTimer ticks on the same fake clock, so it would otherwise run a
/// second round next to the test's whenever the clock moves.
/// </summary>
internal sealed class WatchingBot : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The conversation of the recorded personal chat.</summary>
    public const string Personal = "9ca71674-1ad7-4dd0-beea-d9095f9ea168";

    /// <summary>The conversation of the recorded channel message (a channel thread).</summary>
    public const string Channel = "team-id;messageid=1795904845293";

    private WatchingBot(BotTestHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public BotTestHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public FakeConnector Connector => Host.Connector;

    public Uri ServiceUrl => Host.Connector.ServiceUrl;

    public IWatchStore Store => Host.Services.GetRequiredService<IWatchStore>();

    public static async Task<WatchingBot> StartAsync(IDictionary<string, string?>? settings = null)
    {
        // BotTestHost's one-second attempts are too short for the first, cold request on a loaded machine; a timed-out
        // read would change what the conversation hears (an error card instead of a watch).
        var all = new Dictionary<string, string?>
        {
            ["ModelArts:AttemptTimeout"] = "00:00:15",
            ["ModelArts:TotalTimeout"] = "00:00:30",
            // The fake clock stands still within a round, so a round with two posts into one conversation would wait on
            // the conversation's pace forever; the pace has its own tests (ConversationPaceTests, ConversationPaceEndToEndTests).
            ["Watching:ConversationPostInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var clock = new FakeTimeProvider(Start);
        var host = await BotTestHost.StartAsync(all, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            // Since .NET 10 ExecuteAsync starts on the thread pool: stopping the poller before it began leaves a
            // canceled task, which the host would take for a crash of the service and stop itself.
            services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        }, clock);
        await host.Services.GetRequiredService<JobWatchPoller>().StopAsync(CancellationToken.None);
        await host.Services.GetRequiredService<SubscriptionFeedService>().StopAsync(CancellationToken.None);
        return new WatchingBot(host, clock);
    }

    /// <summary>Lets time pass for the bot and the simulator, then runs one polling round to its end.</summary>
    public async Task RoundAfterAsync(TimeSpan elapsed)
    {
        Clock.Advance(elapsed);
        await Host.Services.GetRequiredService<JobWatchPoller>().RunOnceAsync(CancellationToken.None);
    }

    /// <summary>Rounds every <paramref name="step"/> until <paramref name="total"/> has passed.</summary>
    public async Task RoundsAsync(TimeSpan step, TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            await RoundAfterAsync(step);
        }
    }

    /// <summary>
    /// Posts an activity as Teams does (no expectReplies): the bot's replies go to the connector, which records them
    /// and gives each an id, so a card sent in reply can be updated later. Returns once the turn is over.
    /// </summary>
    public async Task DeliverAsync(JsonObject activity)
    {
        using var response = await Host.Http.PostAsJsonAsync("/api/messages", activity);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Posts with expectReplies and returns the one text reply.</summary>
    public async Task<string> AskAsync(JsonObject activity)
    {
        var replies = await Host.SendAsync(activity);
        return Assert.Single(replies).Text() ?? "";
    }

    /// <summary>The recorded personal-chat message with this text.</summary>
    public JsonObject InPersonalChat(string text) => RecordedActivity.PersonalText(text, ServiceUrl);

    /// <summary>The recorded channel message, @mentioning the bot, with this command.</summary>
    public JsonObject InChannel(string command) => RecordedActivity.ChannelText(command, ServiceUrl);

    /// <summary>The recorded personal-chat message, as if sent in another personal chat.</summary>
    public JsonObject InPersonalChat(string text, string conversationId)
    {
        var activity = InPersonalChat(text);
        activity["conversation"]!["id"] = conversationId;
        return activity;
    }

    /// <summary>The connector calls made to one conversation, in order.</summary>
    public IReadOnlyList<ConnectorCall> CallsTo(string conversationId) =>
        [.. Connector.Calls.Where(c => c.ConversationId == conversationId)];

    public Task<IReadOnlyList<Watch>> WatchesAsync(string conversationId) =>
        Store.ListByConversationAsync(conversationId, CancellationToken.None);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
