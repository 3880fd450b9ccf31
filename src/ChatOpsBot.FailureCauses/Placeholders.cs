namespace ChatOpsBot.FailureCauses;

/// <summary>
/// How a masked part reads in a template, and the name its values go by ("n = 0–7"). The angle quotes cannot be
/// mistaken for text a message had.
/// </summary>
public static class Placeholders
{
    public const string Number = "‹n›";
    public const string Hex = "‹hex›";
    public const string Address = "‹ip›";
    public const string Host = "‹host›";
    public const string Id = "‹id›";
    public const string Time = "‹time›";

    /// <summary>A word that differs between messages of one cause (a user, a host, a file name).</summary>
    public const string Any = "‹*›";

    internal static string Of(TokenKind kind) => kind switch
    {
        TokenKind.Number or TokenKind.Mixed => Number,
        TokenKind.Hex => Hex,
        TokenKind.Address => Address,
        TokenKind.Host => Host,
        TokenKind.Id => Id,
        TokenKind.Time => Time,
        _ => Any,
    };

    internal static string NameOf(string placeholder) => placeholder[1..^1];
}
