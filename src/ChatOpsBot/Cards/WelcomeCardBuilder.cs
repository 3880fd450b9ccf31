using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Cards;

/// <summary>The card the bot posts when it is added to a chat or team.</summary>
public sealed class WelcomeCardBuilder
{
    public CardMessage Build()
    {
        const string summary = "Hi! Type job and a job id to see a ModelArts Lite Server job.";
        var body = new List<CardElement>
        {
            new TextBlock("Hi! I watch ModelArts Lite Server jobs") { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new TextBlock("Ask for a job to see whether it is OK and which servers failed, or watch it to hear here when it fails or finishes.")
            {
                Spacing = Spacing.Small,
            },
        };
        body.AddRange(CommandGuide.Elements());
        return new CardMessage(new AdaptiveCard(body) { FallbackText = summary }, summary);
    }
}
