using ChatOpsBot.Cards;
using ChatOpsBot.Cards.Model;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace ChatOpsBot.Bot;

/// <summary>Turns a built card into the Bot Framework activity that carries it.</summary>
public static class CardActivities
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>
    /// The SDK serializes attachments with Newtonsoft.Json, so the card travels as a <see cref="JObject"/>:
    /// a System.Text.Json node would serialize as garbage or loop.
    /// </summary>
    public static JObject ToJObject(AdaptiveCard card) => JObject.Parse(AdaptiveCardSerializer.ToJson(card));

    public static Attachment ToAttachment(AdaptiveCard card) =>
        new() { ContentType = AdaptiveCardContentType, Content = ToJObject(card) };

    /// <summary>
    /// A message with the card, whose <c>summary</c> and <c>text</c> carry the one-line news, so a phone's
    /// notification preview says what happened instead of "sent a card".
    /// </summary>
    public static IMessageActivity ToMessage(CardMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var activity = MessageFactory.Attachment(ToAttachment(message.Card));
        activity.Summary = message.Summary;
        return activity;
    }
}
