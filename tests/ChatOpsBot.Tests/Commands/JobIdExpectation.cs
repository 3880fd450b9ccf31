namespace ChatOpsBot.Tests.Commands;

/// <summary>
/// The job id rule restated for the tests, apart from <c>JobIdRule</c>: 1 to 64 UTF-16 characters, no whitespace, no
/// control characters, not <c>.</c> or <c>..</c>, and no lone surrogate. A parser test that asked the production rule
/// would pass whatever that rule became.
/// </summary>
internal static class JobIdExpectation
{
    public static bool IsAcceptable(string? id)
    {
        if (id is null || id.Length is 0 or > 64 || id is "." or "..")
        {
            return false;
        }
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }
        return true;
    }
}
