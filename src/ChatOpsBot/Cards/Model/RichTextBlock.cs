namespace ChatOpsBot.Cards.Model;

/// <summary>A paragraph of <see cref="TextRun"/>s. It always wraps.</summary>
public sealed record RichTextBlock(IReadOnlyList<TextRun> Inlines) : CardElement;
