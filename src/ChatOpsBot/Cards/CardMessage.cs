using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Cards;

/// <summary>
/// A card and its one-line news. <paramref name="Summary"/> goes in the activity's <c>summary</c> (and <c>text</c>),
/// which is what a phone's notification preview shows.
/// </summary>
public sealed record CardMessage(AdaptiveCard Card, string Summary)
{
    public string ToJson() => AdaptiveCardSerializer.ToJson(Card);
}
