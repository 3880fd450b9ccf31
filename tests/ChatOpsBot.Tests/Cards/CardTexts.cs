using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Tests.Cards;

/// <summary>A card's text as a reader meets it: every block in order, runs joined, zero-width spaces removed.</summary>
internal static class CardTexts
{
    public static List<string> Of(AdaptiveCard card)
    {
        var texts = new List<string>();
        foreach (var element in card.Body)
        {
            Collect(element, texts);
        }
        return texts;
    }

    private static void Collect(CardElement element, List<string> texts)
    {
        switch (element)
        {
            case TextBlock block:
                texts.Add(block.Text);
                break;
            case RichTextBlock rich:
                texts.Add(string.Concat(rich.Inlines.Select(run => run.Text)).Replace("\u200B", "", StringComparison.Ordinal));
                break;
            case FactSet facts:
                texts.AddRange(facts.Facts.Select(fact => fact.Title + ": " + fact.Value));
                break;
            case Container container:
                foreach (var item in container.Items)
                {
                    Collect(item, texts);
                }
                break;
        }
    }
}
