using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Cards;

/// <summary>The answer to <c>help</c>: the commands, with an example.</summary>
public sealed class HelpCardBuilder
{
    public CardMessage Build()
    {
        const string summary = "Commands: job, jobs, watch, unwatch, watching, subscribe, subscriptions, unsubscribe, mute, unmute, help";
        var body = new List<CardElement>
        {
            new TextBlock("What I can do") { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new TextBlock("I show ModelArts Lite Server jobs and tell you when a watched or subscribed job fails.") { Spacing = Spacing.Small },
        };
        body.AddRange(CommandGuide.Elements());
        return new CardMessage(new AdaptiveCard(body) { FallbackText = summary }, summary);
    }
}
