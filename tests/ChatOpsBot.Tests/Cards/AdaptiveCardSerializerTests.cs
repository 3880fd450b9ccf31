using System.Text.Json;
using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Tests.Cards;

public sealed class AdaptiveCardSerializerTests
{
    [Fact]
    public void Cards_serialize_with_types_first_camel_case_enums_and_no_nulls()
    {
        var card = new AdaptiveCard(
        [
            new Container([new TextBlock("Hi") { Size = TextSize.Large, Weight = TextWeight.Bolder }]) { Style = ContainerStyle.Attention },
            new RichTextBlock([new TextRun("run") { IsSubtle = true }]) { Spacing = Spacing.None },
            new FactSet([new Fact("a", "b")]),
        ])
        {
            Actions = [new ActionSubmit("Go", new CardActionData("refresh", "x")), new ActionOpenUrl("Open", new Uri("https://example.com/a"))],
        };

        Assert.Equal(
            """{"type":"AdaptiveCard","version":"1.5","body":[{"type":"Container","items":[{"type":"TextBlock","text":"Hi","size":"large","weight":"bolder","wrap":true}],"style":"attention"},{"type":"RichTextBlock","inlines":[{"type":"TextRun","text":"run","isSubtle":true}],"spacing":"none"},{"type":"FactSet","facts":[{"title":"a","value":"b"}]}],"actions":[{"type":"Action.Submit","data":{"action":"refresh","jobId":"x"},"title":"Go"},{"type":"Action.OpenUrl","url":"https://example.com/a","title":"Open"}],"msteams":{"width":"Full"}}""",
            AdaptiveCardSerializer.ToJson(card));
    }

    [Fact]
    public void Non_latin_text_stays_readable_and_html_characters_are_escaped()
    {
        var json = AdaptiveCardSerializer.ToJson(new AdaptiveCard([new TextBlock("驱动不匹配 <b>")]));

        Assert.Contains("驱动不匹配 \\u003Cb\\u003E", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("驱动不匹配 <b>", document.RootElement.GetProperty("body")[0].GetProperty("text").GetString());
    }
}
