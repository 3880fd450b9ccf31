namespace ChatOpsBot.Cards.Model;

/// <summary>A group of elements, optionally on a coloured background (<see cref="ContainerStyle"/>).</summary>
public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }

    /// <summary>Lets a styled background reach the card's edges.</summary>
    public bool? Bleed { get; init; }

    /// <summary>What tapping anywhere on the container does (a list row that opens its job).</summary>
    public CardAction? SelectAction { get; init; }
}
