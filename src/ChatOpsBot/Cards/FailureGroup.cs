namespace ChatOpsBot.Cards;

/// <summary>Failed tasks that share one message: how many, and the first few server names.</summary>
internal sealed record FailureGroup(string Message, int Count, IReadOnlyList<string> ServerNames);
