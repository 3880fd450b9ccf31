using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// <c>watch ID mention @person</c> typed in a channel, with the mention entity Teams sends (the recorded activity's own
/// mention, its shape kept): every news post of the watch pings that person, with a mention entity and
/// <c>&lt;at&gt;Name&lt;/at&gt;</c> in its text, through the real bot, the simulator's scripted history and the connector.
/// </summary>
public sealed class WatchMentionsEndToEndTests
{
    private const string JobId = WatchHistoryEndToEndTests.JobId;
    private const string Label = WatchHistoryEndToEndTests.Label;
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private static readonly (string Id, string Name, string Typed) Ana = ("29:1pQ3-ana-aad-id", "Ana Lima", "Ana");
    private static readonly (string Id, string Name, string Typed) Ben = ("29:1pQ3-ben-aad-id", "Ben Okafor", "Ben");

    [Fact]
    public async Task Watch_with_a_mention_in_a_channel_pings_that_person_in_every_news_post_to_the_end()
    {
        await using var bot = await WatchingBot.StartAsync();

        var replies = await bot.Host.SendAsync(Mentioning(bot, $"watch {JobId} mention", Ana));
        await bot.RoundsAsync(Step, TimeSpan.FromMinutes(4));
        var listed = await bot.AskAsync(bot.InChannel("watching"));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal($"Watching {Label}: I'll post here when its tasks start failing and when it ends. Every post mentions Ana Lima.",
            replies[0].Text());
        var line = listed.Split("\n\n")[1];
        Assert.StartsWith($"- {JobId} — PROCESSING, 3 failed — mentions Ana Lima (since 4 min ago", line, StringComparison.Ordinal);
        Assert.EndsWith(", by Alex Wilber)", line, StringComparison.Ordinal);
        var calls = bot.Connector.Calls;
        string[] news = [WatchHistoryEndToEndTests.ThreeFailed, WatchHistoryEndToEndTests.TwoMore, WatchHistoryEndToEndTests.Finished];
        Assert.Equal([.. news.Select(n => n + " <at>Ana Lima</at>")], calls.Select(c => c.Text));
        // The phone's preview is the news itself.
        Assert.Equal([.. news], calls.Select(c => c.Summary));
        Assert.All(calls, c =>
        {
            Assert.Equal(WatchingBot.Channel, c.ConversationId);
            Assert.Equal(("29:1pQ3-ana-aad-id", "Ana Lima", "<at>Ana Lima</at>"), Assert.Single(MentionsIn(c.Activity)));
        });
    }

    [Fact]
    public async Task Watching_again_with_another_person_replaces_the_mentions_and_says_so()
    {
        await using var bot = await WatchingBot.StartAsync();
        await bot.Host.SendAsync(Mentioning(bot, $"watch {JobId} mention", Ana));

        var plain = await bot.AskAsync(bot.InChannel($"watch {JobId}"));
        var replaced = await bot.AskAsync(Mentioning(bot, $"watch {JobId} mention", Ben));
        await bot.RoundsAsync(Step, WatchHistoryEndToEndTests.WholeHistory);

        Assert.Equal($"This conversation already watches {Label} (its news mentions Ana Lima). Type `unwatch {JobId}` to stop.", plain);
        Assert.Equal($"This conversation already watches {Label}; from now on its news mentions Ben Okafor. Type `unwatch {JobId}` to stop.",
            replaced);
        Assert.Equal(3, bot.Connector.Calls.Count);
        Assert.All(bot.Connector.Calls, c =>
        {
            Assert.EndsWith(" <at>Ben Okafor</at>", c.Text, StringComparison.Ordinal);
            Assert.Equal(("29:1pQ3-ben-aad-id", "Ben Okafor", "<at>Ben Okafor</at>"), Assert.Single(MentionsIn(c.Activity)));
        });
    }

    [Fact]
    public async Task Mention_in_a_personal_chat_is_answered_with_a_sentence_and_watches_nothing()
    {
        await using var bot = await WatchingBot.StartAsync();
        var activity = bot.InPersonalChat($"watch {JobId} mention <at>Ana</at>");
        activity["entities"] = new JsonArray(MentionEntity(RecordedBotMention(bot), Ana));

        var answer = await bot.AskAsync(activity);

        Assert.Equal("There is nobody else to mention in a personal chat: mention works in channels and group chats.", answer);
        Assert.Empty(await bot.WatchesAsync(WatchingBot.Personal));
    }

    /// <summary>
    /// The recorded channel message with the command and, for each person, <c>&lt;at&gt;Typed&lt;/at&gt;</c> in the text and a
    /// mention entity shaped as the recorded one of the bot (Teams puts the full name in the entity, the typed one in the text).
    /// </summary>
    private static JsonObject Mentioning(WatchingBot bot, string command, params (string Id, string Name, string Typed)[] people)
    {
        var activity = bot.InChannel(command + " " + string.Join(" ", people.Select(p => $"<at>{p.Typed}</at>")));
        var recorded = RecordedBotMention(bot);
        var entities = activity["entities"]!.AsArray();
        foreach (var person in people)
        {
            entities.Add(MentionEntity(recorded, person));
        }
        return activity;
    }

    private static JsonObject RecordedBotMention(WatchingBot bot) =>
        bot.InChannel("").AsObject()["entities"]!.AsArray().First(e => e!["type"]!.GetValue<string>() == "mention")!.AsObject();

    private static JsonObject MentionEntity(JsonObject recorded, (string Id, string Name, string Typed) person)
    {
        var mention = recorded.DeepClone().AsObject();
        mention["mentioned"]!["id"] = person.Id;
        mention["mentioned"]!["name"] = person.Name;
        mention["text"] = $"<at>{person.Typed}</at>";
        return mention;
    }

    /// <summary>The activity's mention entities: who, and the text each says it stands for, which the activity's text must hold.</summary>
    private static IEnumerable<(string Id, string Name, string Text)> MentionsIn(JsonNode activity)
    {
        var text = activity["text"]!.GetValue<string>();
        foreach (var entity in activity["entities"]?.AsArray() ?? [])
        {
            if (entity!["type"]!.GetValue<string>() != "mention")
            {
                continue;
            }
            var tag = entity["text"]!.GetValue<string>();
            Assert.Contains(tag, text, StringComparison.Ordinal);
            yield return (entity["mentioned"]!["id"]!.GetValue<string>(), entity["mentioned"]!["name"]!.GetValue<string>(), tag);
        }
    }
}
