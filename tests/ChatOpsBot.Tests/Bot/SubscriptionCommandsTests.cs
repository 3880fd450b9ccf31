using ChatOpsBot.Bot;
using ChatOpsBot.Commands;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// What <c>subscribe</c>, <c>unsubscribe</c>, <c>subscriptions</c>, <c>mute</c> and <c>unmute</c> answer and keep, with
/// the SDK's test adapter for the turn and a real SQLite store behind.
/// </summary>
public sealed class SubscriptionCommandsTests : IDisposable
{
    private const string ChannelThread = "19:general@thread.tacv2;messageid=1700000000001";
    private const string Channel = "19:general@thread.tacv2";
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");
    private static readonly MentionTarget Megan = new("29:1-megan", "Megan Bowen");

    private readonly TempFolder _folder = new();
    private readonly SqliteWatchStore _store;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SubscriptionCommands _commands;

    public SubscriptionCommandsTests()
    {
        _store = new SqliteWatchStore(Path.Combine(_folder.Path, SqliteWatchStore.FileName), 50, NullLogger.Instance, WatchSchema.Migrations);
        _commands = new SubscriptionCommands(_store, _store, Options.Create(new SubscriptionOptions { MaxPerConversation = 2 }),
            Options.Create(new ModelArtsOptions { ProjectId = Project }), _clock);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Subscribe_in_a_channel_thread_subscribes_the_channel_and_says_what_it_will_hear()
    {
        var reply = await RunAsync(ChannelThread, "channel",
            (turn, ct) => _commands.SubscribeAsync(turn, new SubscribeCommand(new SubscriptionFilter("train_", "COMMON"), [Alex, Megan]), ct));

        Assert.Equal(
            "Subscribed: this channel will hear about every job whose name starts with train\\_ and of type COMMON when it gets failed tasks, " +
            "with that job's later news in its thread. Every post mentions Alex Wilber and Megan Bowen. " +
            "Type `subscriptions` to see them, `unsubscribe` to stop.", reply);
        var subscription = Assert.Single(await _store.ListSubscriptionsAsync(Channel, CancellationToken.None));
        Assert.Equal(Channel, subscription.ConversationId);
        Assert.Equal([Alex, Megan], subscription.Mentions);
        Assert.Equal("Ada Lovelace", subscription.RequestedByName);
        Assert.Equal("aad-ada", subscription.RequestedByUserId);
        Assert.Equal(_clock.GetUtcNow(), subscription.CreatedAt);
        // Posting through the kept reference starts a new post in the channel, not a reply in the thread typed in.
        Assert.Equal(Channel, (string?)JObject.Parse(subscription.ConversationReference)["conversation"]?["id"]);
    }

    [Fact]
    public async Task Subscribing_twice_or_past_the_limit_answers_and_changes_nothing()
    {
        await RunAsync(Personal, "personal", Subscribe(null));

        var again = await RunAsync(Personal, "personal", Subscribe(null));
        await RunAsync(Personal, "personal", Subscribe("eval-"));
        var third = await RunAsync(Personal, "personal", Subscribe("hdk-"));

        Assert.Equal("This chat is already subscribed to every job. Type `subscriptions` to see its subscriptions.", again);
        Assert.Equal("This chat already has 2 subscriptions, the most it may. Type `subscriptions` to see them and `unsubscribe N` to make room.", third);
        Assert.Equal(2, (await _store.ListSubscriptionsAsync(Personal, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Subscriptions_lists_them_numbered_with_filters_mentions_who_and_since_when_and_the_muted_jobs()
    {
        await RunAsync(ChannelThread, "channel", (turn, ct) => _commands.SubscribeAsync(turn, new SubscribeCommand(new SubscriptionFilter("train-"), [Alex]), ct));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await RunAsync(Channel + ";messageid=17", "channel", Subscribe(null, "ENV_PREPARE"));
        await RunAsync(ChannelThread, "channel", (turn, ct) => _commands.SetMutedAsync(turn, "job-noisy", muted: true, ct));
        _clock.Advance(TimeSpan.FromMinutes(2));

        var listed = await RunAsync(Channel + ";messageid=99", "channel", (turn, ct) => _commands.ListAsync(turn, ct));

        Assert.Equal(
            "This channel has 2 subscriptions of at most 2:\n\n" +
            "1. Every job whose name starts with train- — mentions Alex Wilber (since 7 min ago · 2026-03-02 09:00 UTC, by Ada Lovelace)\n\n" +
            "2. Every job of type ENV\\_PREPARE (since 2 min ago · 2026-03-02 09:05 UTC, by Ada Lovelace)\n\n" +
            "Muted here: job-noisy. Type `unmute ID` to hear about one again.", listed);
    }

    [Fact]
    public async Task Unsubscribe_alone_ends_the_only_one_and_with_several_asks_which()
    {
        await RunAsync(Personal, "personal", Subscribe("train-"));
        var only = await RunAsync(Personal, "personal", (turn, ct) => _commands.UnsubscribeAsync(turn, null, ct));
        await RunAsync(Personal, "personal", Subscribe("a-"));
        await RunAsync(Personal, "personal", Subscribe("b-"));

        var which = await RunAsync(Personal, "personal", (turn, ct) => _commands.UnsubscribeAsync(turn, null, ct));
        var missing = await RunAsync(Personal, "personal", (turn, ct) => _commands.UnsubscribeAsync(turn, 3, ct));
        var second = await RunAsync(Personal, "personal", (turn, ct) => _commands.UnsubscribeAsync(turn, 2, ct));

        Assert.Equal("Unsubscribed: this chat will hear no more about every job whose name starts with train-.", only);
        Assert.StartsWith("This chat has 2 subscriptions of at most 2:\n\n1. Every job whose name starts with a-", which, StringComparison.Ordinal);
        Assert.EndsWith("Type `unsubscribe N` with the number of the one to end.", which, StringComparison.Ordinal);
        Assert.Equal("This chat has no subscription number 3. Type `subscriptions` to see the numbers.", missing);
        Assert.Equal("Unsubscribed: this chat will hear no more about every job whose name starts with b-.", second);
        Assert.Equal(["a-"], (await _store.ListSubscriptionsAsync(Personal, CancellationToken.None)).Select(s => s.Filter.NamePrefix));
    }

    [Fact]
    public async Task Without_subscriptions_the_commands_say_how_to_subscribe()
    {
        var listed = await RunAsync(Personal, "personal", (turn, ct) => _commands.ListAsync(turn, ct));
        var unsubscribed = await RunAsync(Personal, "personal", (turn, ct) => _commands.UnsubscribeAsync(turn, null, ct));
        var muted = await RunAsync(Personal, "personal", (turn, ct) => _commands.SetMutedAsync(turn, "job-1", muted: true, ct));

        Assert.StartsWith("This chat has no subscriptions. Type `subscribe` to hear about every job of the project", listed, StringComparison.Ordinal);
        Assert.Equal("This chat has no subscriptions. Type `subscribe` to hear about every failing job of the project.", unsubscribed);
        Assert.Equal("This chat has no subscriptions, so there is nothing to mute. To stop a watch, type `unwatch job-1`.", muted);
    }

    [Fact]
    public async Task Mute_and_unmute_say_what_changed()
    {
        await RunAsync(Personal, "personal", Subscribe(null));

        var muted = await RunAsync(Personal, "personal", (turn, ct) => _commands.SetMutedAsync(turn, "job-1", muted: true, ct));
        var unmuted = await RunAsync(Personal, "personal", (turn, ct) => _commands.SetMutedAsync(turn, "job-1", muted: false, ct));
        var notMuted = await RunAsync(Personal, "personal", (turn, ct) => _commands.SetMutedAsync(turn, "job-1", muted: false, ct));

        Assert.Equal("Muted job job-1: this chat's subscriptions will say nothing more about it. Type `unmute job-1` to hear about it again.", muted);
        Assert.Equal("Unmuted job job-1: this chat's subscriptions will tell about it again.", unmuted);
        Assert.Equal("Job job-1 was not muted here. Type `subscriptions` to see what is.", notMuted);
    }

    private const string Personal = "a:1personal-chat";
    private const string Project = "5f0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";

    [Fact]
    public async Task Subscriptions_says_when_jobs_beyond_the_first_page_are_not_seen()
    {
        await RunAsync(Personal, "personal", Subscribe(null));
        var claim = (await _store.ClaimFeedAsync(Project, _clock.GetUtcNow(), TimeSpan.FromMinutes(2), CancellationToken.None))!;
        await _store.RecordFeedAsync(Project, claim.Token, [], [], [], [], morePages: true, _clock.GetUtcNow(), _clock.GetUtcNow(), CancellationToken.None);

        var listed = await RunAsync(Personal, "personal", (turn, ct) => _commands.ListAsync(turn, ct));

        Assert.EndsWith("\n\nThe project's job list has more jobs than ModelArts sends in one answer: jobs beyond its first page are not seen.",
            listed, StringComparison.Ordinal);
    }

    private Func<ITurnContext, CancellationToken, Task> Subscribe(string? prefix, string? type = null) =>
        (turn, ct) => _commands.SubscribeAsync(turn, new SubscribeCommand(new SubscriptionFilter(prefix, type), []), ct);

    private static async Task<string> RunAsync(string conversationId, string conversationType, Func<ITurnContext, CancellationToken, Task> command)
    {
        var adapter = new TestAdapter(Channels.Msteams);
        var activity = new Activity(ActivityTypes.Message)
        {
            Id = "1",
            ChannelId = Channels.Msteams,
            ServiceUrl = Requests.ServiceUrl,
            From = new ChannelAccount("29:1-ada", "Ada Lovelace", aadObjectId: "aad-ada"),
            Recipient = new ChannelAccount("28:bot", "ChatOps"),
            Conversation = new ConversationAccount(id: conversationId, conversationType: conversationType, tenantId: Requests.TenantId),
        };
        using var turn = new TurnContext(adapter, activity);
        await command(turn, CancellationToken.None);
        var reply = Assert.Single(adapter.ActiveQueue);
        return reply.Text;
    }
}
