namespace ChatOpsBot.Cards.Model;

/// <summary>Title/value pairs. Teams reads both as Markdown: only the bot's own words go in a fact.</summary>
public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement;
