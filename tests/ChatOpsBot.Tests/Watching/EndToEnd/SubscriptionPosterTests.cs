using System.Text.Json.Nodes;
using ChatOpsBot.Bot;
using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// A subscription's posts through the real bot's adapter to the loopback connector: the complete list of connector
/// calls for the first news of a job and for its later news, in a channel and in a personal chat.
/// </summary>
public sealed class SubscriptionPosterTests
{
    private const string ChannelId = "19:general@thread.tacv2";
    private const string First = "🔴 train-bert-large: 2 tasks failed (driver mismatch)";
    private const string Later = "🔴 train-bert-large: 1 more task failed (disk full)";
    private static readonly MentionTarget Alex = new("29:1-alex", "Alex Wilber");

    [Fact]
    public async Task In_a_channel_the_first_news_opens_one_new_post_and_later_news_replies_in_its_thread_and_updates_its_card()
    {
        await using var bot = await WatchingBot.StartAsync();
        var poster = bot.Host.Services.GetRequiredService<SubscriptionPoster>();
        var subscription = Make(bot, ChannelId, "channel", Alex);
        var job = Jobs.Make("PROCESSING", succeeded: 3, processing: 1, failed: [("driver mismatch", 2)]);

        var (first, postId) = await poster.PostFirstAsync(subscription, job, First, CancellationToken.None);
        var later = await poster.PostLaterAsync(subscription, job, Later, postId!, CancellationToken.None);

        Assert.Equal(NotifyOutcomeKind.Sent, first.Kind);
        Assert.Equal(NotifyOutcomeKind.Sent, later.Kind);
        var thread = $"{ChannelId};messageid={postId}";
        Assert.Equal(
            [("CREATE", ChannelId, null), ("POST", thread, null), ("PUT", thread, postId)],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, UpdatedId(c))));
        var calls = bot.Connector.Calls;
        // The post and its update are one card each, never text and a card in one activity (Teams would split it and
        // refuse its update): the line with the mention is the card's first, the summary is the line for the phone.
        Assert.Equal(First + " <at>Alex Wilber</at>", calls[0].Said);
        Assert.Null(calls[0].Text);
        Assert.Equal(First, calls[0].Summary);
        Assert.NotNull(calls[0].Card);
        Assert.Equal(Later + " <at>Alex Wilber</at>", calls[1].Text);
        Assert.Null(calls[1].Card);
        Assert.Equal(Later + " <at>Alex Wilber</at>", calls[2].Said);
        Assert.Null(calls[2].Text);
        Assert.NotNull(calls[2].Card);
        foreach (var call in calls)
        {
            var mention = Assert.Single(call.Activity["entities"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "mention")!;
            Assert.Equal(new JsonObject { ["id"] = "29:1-alex", ["name"] = "Alex Wilber" }.ToJsonString(), mention["mentioned"]!.ToJsonString());
            Assert.Equal("<at>Alex Wilber</at>", mention["text"]!.GetValue<string>());
        }
        // In a card, Teams reads the mention from the card's own msteams entities.
        foreach (var card in new[] { calls[0].Card!, calls[2].Card! })
        {
            var mention = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
            Assert.Equal("mention", mention["type"]!.GetValue<string>());
            Assert.Equal("<at>Alex Wilber</at>", mention["text"]!.GetValue<string>());
            Assert.Equal("29:1-alex", mention["mentioned"]!["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task In_a_personal_chat_the_first_news_is_a_message_and_later_news_a_new_message_with_the_card_updated()
    {
        await using var bot = await WatchingBot.StartAsync();
        var poster = bot.Host.Services.GetRequiredService<SubscriptionPoster>();
        var subscription = Make(bot, WatchingBot.Personal, "personal");
        var job = Jobs.Make("PROCESSING", succeeded: 3, processing: 1, failed: [("driver mismatch", 2)]);

        var (_, postId) = await poster.PostFirstAsync(subscription, job, First, CancellationToken.None);
        await poster.PostLaterAsync(subscription, job, Later, postId!, CancellationToken.None);

        Assert.Equal(
            [("POST", WatchingBot.Personal, null, First), ("POST", WatchingBot.Personal, null, Later), ("PUT", WatchingBot.Personal, postId, Later)],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, UpdatedId(c), c.Said)));
        Assert.NotNull(bot.Connector.Calls[0].Card);
        Assert.Null(bot.Connector.Calls[1].Card);
    }

    // A proactive POST names the SDK's continuation activity as the one replied to; only an update names a message.
    private static string? UpdatedId(Infrastructure.ConnectorCall call) => call.Method == "PUT" ? call.ActivityId : null;

    // A subscription as SubscriptionCommands keeps it: the reference of the conversation, in a channel the channel itself.
    private static Subscription Make(WatchingBot bot, string conversationId, string conversationType, params MentionTarget[] mentions)
    {
        var reference = new ConversationReference
        {
            ChannelId = "msteams",
            ServiceUrl = bot.ServiceUrl.ToString(),
            Bot = new ChannelAccount("28:bot-id", "ChatOps"),
            Conversation = new ConversationAccount(isGroup: conversationType == "channel", conversationType: conversationType, id: conversationId,
                tenantId: Requests.TenantId),
        };
        return Subscriptions.Make(conversationId, WatchingBot.Start, mentions: mentions) with
        {
            ConversationReference = JsonConvert.SerializeObject(reference),
            ServiceUrl = bot.ServiceUrl.ToString(),
        };
    }
}
