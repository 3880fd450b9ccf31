using ChatOpsBot.Bot;
using ChatOpsBot.Commands;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Tests.Bot;

/// <summary>The mention Teams needs to push a post to someone's phone: a well-formed entity and its tag in the text.</summary>
public sealed class MentionedTextTests
{
    [Fact]
    public void Each_person_gets_an_at_tag_in_the_text_and_a_mention_entity_that_matches_it()
    {
        var (text, entities) = MentionedText.Build("❌ train-bert-large: 4 of 16 tasks failed",
            [new("29:1-alex", "Alex Wilber"), new("29:1-megan", "Megan Bowen")]);

        Assert.Equal("❌ train-bert-large: 4 of 16 tasks failed <at>Alex Wilber</at> <at>Megan Bowen</at>", text);
        Assert.Equal(2, entities.Count);
        // As the connector client writes it: nulls left out.
        var first = JObject.Parse(JsonConvert.SerializeObject(entities[0], new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore }));
        Assert.True(JToken.DeepEquals(
            JObject.Parse("""{"type":"mention","text":"<at>Alex Wilber</at>","mentioned":{"id":"29:1-alex","name":"Alex Wilber"}}"""),
            first), first.ToString());
        Assert.Equal("<at>Megan Bowen</at>", JObject.FromObject(entities[1])["text"]!.Value<string>());
    }

    [Fact]
    public void A_name_with_html_characters_is_escaped_the_same_in_text_and_entity()
    {
        var (text, entities) = MentionedText.Build("news", [new("29:1-r", "R&D <ops>")]);

        Assert.Equal("news <at>R&amp;D &lt;ops&gt;</at>", text);
        Assert.Equal("<at>R&amp;D &lt;ops&gt;</at>", JObject.FromObject(entities[0])["text"]!.Value<string>());
        Assert.Equal("R&D <ops>", JObject.FromObject(entities[0])["mentioned"]!["name"]!.Value<string>());
    }

    [Fact]
    public void The_same_person_twice_is_mentioned_once()
    {
        var (text, entities) = MentionedText.Build("news", [new("29:1-alex", "Alex"), new("29:1-alex", "Alex")]);

        Assert.Equal("news <at>Alex</at>", text);
        Assert.Single(entities);
    }

    [Fact]
    public void Applied_to_a_card_message_the_summary_becomes_the_mentioning_text()
    {
        var message = MessageFactory.Text("");
        message.Text = null;
        message.Summary = "❌ 5 more jobs are failing";

        MentionedText.Apply(message, [new MentionTarget("29:1-alex", "Alex")]);

        Assert.Equal("❌ 5 more jobs are failing <at>Alex</at>", message.Text);
        Assert.Equal("mention", Assert.Single(message.Entities).Type);
    }

    [Fact]
    public void Nobody_to_mention_leaves_the_message_as_it_was()
    {
        var message = MessageFactory.Text("news");

        MentionedText.Apply(message, []);

        Assert.Equal("news", message.Text);
        Assert.True(message.Entities is null or { Count: 0 });
    }
}
