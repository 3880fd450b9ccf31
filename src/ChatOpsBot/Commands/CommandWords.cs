namespace ChatOpsBot.Commands;

/// <summary>What surrounds a word of a command without being part of it, shared by the parsers.</summary>
internal static class CommandWords
{
    public const string LeadingWrappers = "\"'`<“‘«„";
    public const string TrailingWrappers = "\"'`>”’»“.,;:!?";

    /// <summary>Quotes, backticks and angle brackets around a word, and the sentence's punctuation after it, are not the word.</summary>
    public static string Unwrap(string word)
    {
        var span = word.AsSpan().TrimStart(LeadingWrappers).TrimEnd(TrailingWrappers);
        return span.Length == word.Length ? word : span.ToString();
    }
}
