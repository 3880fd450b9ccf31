namespace ChatOpsBot.Cards.Model;

/// <summary>The card's <c>msteams</c> object: <c>{"width":"Full"}</c> lets the card use the whole message width.</summary>
public sealed record TeamsCardProperties(string Width)
{
    public static TeamsCardProperties FullWidth { get; } = new("Full");
}
