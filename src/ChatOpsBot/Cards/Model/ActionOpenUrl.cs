namespace ChatOpsBot.Cards.Model;

/// <summary>A button that opens a link.</summary>
public sealed record ActionOpenUrl(string Title, Uri Url) : CardAction(Title);
