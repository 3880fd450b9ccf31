using ChatOpsBot.Cards;
using ChatOpsBot.Commands;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Bot;

/// <summary>
/// A subscription's post as one card, never text and a card in one activity: Teams splits such an activity into a text
/// message and a card message, answers without the id, and refuses to update it ("Activity resulted into multiple skype
/// activities"). The Agents Playground does the same: it answers 400 to that update, and a channel post opened with text
/// and a card shows the text alone. So the one-line news is the card's first line, with the @mentions as Teams reads
/// them in a card (<c>&lt;at&gt;Name&lt;/at&gt;</c> in the line, the entities under <c>msteams</c>), and the activity's
/// summary, which a phone's notification shows.
/// </summary>
public static class SubscriptionPostMessage
{
    public static IMessageActivity Of(CardMessage card, string text, IReadOnlyList<MentionTarget> mentions)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mentions);
        var (line, entities) = MentionedText.Build(text, mentions);
        var content = CardActivities.ToJObject(card.Card);
        if (content["body"] is not JArray body)
        {
            body = [];
            content["body"] = body;
        }
        body.Insert(0, new JObject { ["type"] = "TextBlock", ["text"] = line, ["wrap"] = true, ["weight"] = "Bolder" });
        if (entities.Count > 0)
        {
            // Next to what the card already says to Teams (its full width).
            if (content["msteams"] is not JObject teams)
            {
                teams = [];
                content["msteams"] = teams;
            }
            teams["entities"] = new JArray(entities.Select(MentionInCard));
        }
        var message = MessageFactory.Attachment(new Attachment { ContentType = CardActivities.AdaptiveCardContentType, Content = content });
        message.Summary = text;
        message.Entities = [.. entities];
        return message;
    }

    private static JObject MentionInCard(Entity mention)
    {
        var inCard = (JObject)mention.Properties.DeepClone();
        inCard["type"] = "mention";
        return inCard;
    }
}
