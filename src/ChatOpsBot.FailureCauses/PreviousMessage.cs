namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The message tokenized last and its tokens: the next message of a fleet's failure most often has the same words in
/// the same places, and a token whose text has the same shape (<see cref="TokenShape"/>) is taken from here instead of
/// being scanned again.
/// </summary>
internal readonly ref struct PreviousMessage(string? text, int end, ReadOnlySpan<Token> tokens)
{
    /// <summary>No previous message: every token is scanned.</summary>
    public static PreviousMessage None => default;

    public string? Text { get; } = text;

    /// <summary>Where its lead line ends: a token's scan never reads past it.</summary>
    public int End { get; } = end;

    public ReadOnlySpan<Token> Tokens { get; } = tokens;
}
