using ChatOpsBot.Bot;
using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Tests.Bot;

/// <summary>Mentions as the recorded Teams activities carry them, read into people for the subscription commands.</summary>
public sealed class ActivityMentionsTests
{
    private static readonly Uri ServiceUrl = new("http://localhost:56150/_connector");

    [Fact]
    public void The_bots_own_mention_is_not_a_person_to_ping()
    {
        var activity = Read(RecordedActivity.Load(RecordedActivity.ChannelMessage, ServiceUrl));

        var mentions = ActivityMentions.Of(activity);

        Assert.Empty(mentions.People);
        Assert.Equal(0, mentions.NotPeople);
        Assert.False(mentions.IsPersonalChat);
    }

    [Fact]
    public void People_come_from_the_entities_with_their_id_and_name_and_a_channel_mention_is_not_one()
    {
        var recorded = RecordedActivity.Load(RecordedActivity.ChannelMessage, ServiceUrl);
        recorded["text"] = "<at>Test Bot</at> subscribe mention <at>Megan</at> <at>General</at>";
        var entities = recorded["entities"]!.AsArray();
        entities.Add(MentionNode("29:1-megan", "Megan Bowen", "<at>Megan</at>"));
        entities.Add(MentionNode("team-id", "General", "<at>General</at>"));
        var activity = Read(recorded);

        var mentions = ActivityMentions.Of(activity);

        Assert.Equal([new MentionTarget("29:1-megan", "Megan Bowen")], mentions.People);
        Assert.Equal(1, mentions.NotPeople);
    }

    [Fact]
    public void A_personal_chat_says_so()
    {
        var activity = Read(RecordedActivity.Load(RecordedActivity.PersonalMessage, ServiceUrl));

        Assert.True(ActivityMentions.Of(activity).IsPersonalChat);
    }

    [Fact]
    public void The_mentions_the_bot_writes_are_read_back_as_the_same_people()
    {
        var people = new List<MentionTarget> { new("29:1-alex", "Alex Wilber"), new("29:1-megan", "Megan Bowen") };
        var message = MentionedText.Apply(Microsoft.Bot.Builder.MessageFactory.Text("❌ train-bert-large: 4 of 16 tasks failed"), people);
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:abc@thread.tacv2");
        message.Recipient = new ChannelAccount("28:bot", "Test Bot");

        Assert.Equal(people, ActivityMentions.Of(message).People);
    }

    private static System.Text.Json.Nodes.JsonObject MentionNode(string id, string name, string text) => new()
    {
        ["type"] = "mention",
        ["mentioned"] = new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["name"] = name },
        ["text"] = text,
    };

    private static Activity Read(System.Text.Json.Nodes.JsonObject json) => JObject.Parse(json.ToJsonString()).ToObject<Activity>()!;
}
