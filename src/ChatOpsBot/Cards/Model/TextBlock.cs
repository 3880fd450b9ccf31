namespace ChatOpsBot.Cards.Model;

/// <summary>
/// Text that Teams reads as Markdown. Only the bot's own words go here; text from the API or a user goes in a
/// <see cref="TextRun"/>, which is never read as Markdown.
/// </summary>
public sealed record TextBlock(string Text) : CardElement
{
    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }

    /// <summary>Always on: a phone is 360 px wide, and unwrapped text is cut off.</summary>
    public bool Wrap { get; init; } = true;
}
