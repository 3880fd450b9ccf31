using System.Globalization;
using System.Text;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Cards;

/// <summary>
/// Makes untrusted text (from the API or a user) safe and short for a card: control characters and line breaks become
/// single spaces, invisible direction/zero-width characters go, broken surrogates become U+FFFD, and long text is cut
/// with an ellipsis at a character boundary.
/// </summary>
internal static class CardText
{
    private const char Ellipsis = '…';

    public static string Clean(string? text, int maxChars) => Truncate(Collapse(text), maxChars);

    /// <summary>Sanitized and whitespace-collapsed, never cut: the key that groups equal task messages.</summary>
    public static string Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        return IsClean(text) ? text : MessageText.Collapse(text, repairSurrogates: true);
    }

    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }
        var cut = maxChars - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }
        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis.ToString());
    }

    /// <summary>
    /// Adds a zero-width space inside any run of more than <paramref name="maxRun"/> characters with no break
    /// opportunity, so a long path or token wraps on a 360 px phone instead of pushing the card sideways (a TextRun has
    /// no break-anywhere wrapping of its own). Ordinary words, ids with hyphens and request ids are left as they are.
    /// </summary>
    public static string Breakable(string text, int maxRun = 32)
    {
        var run = 0;
        var needed = false;
        foreach (var c in text)
        {
            run = IsBreak(c) ? 0 : run + 1;
            if (run > maxRun)
            {
                needed = true;
                break;
            }
        }
        if (!needed)
        {
            return text;
        }
        var broken = new StringBuilder(text.Length + (text.Length / maxRun) + 1);
        run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            run = IsBreak(c) ? 0 : run + 1;
            if (run > maxRun && !char.IsLowSurrogate(c))
            {
                broken.Append(ZeroWidthSpace);
                run = 1;
            }
            broken.Append(c);
        }
        return broken.ToString();
    }

    private const char ZeroWidthSpace = '\u200B';

    private static bool IsBreak(char c) => c is ' ' or '-' or ZeroWidthSpace;

    /// <summary>"1 task", "3 tasks", "9,992 tasks".</summary>
    public static string Count(int count, string singular, string plural) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {(count == 1 ? singular : plural)}");

    public static string Number(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    // The common case (an ordinary message) allocates nothing.
    private static bool IsClean(string text)
    {
        if (text[0] == ' ' || text[^1] == ' ')
        {
            return false;
        }
        var previousSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == ' ')
            {
                if (previousSpace)
                {
                    return false;
                }
                previousSpace = true;
                continue;
            }
            previousSpace = false;
            if (c < ' ' || (c >= '\u007F' && NeedsRewrite(text, i)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool NeedsRewrite(string text, int i)
    {
        var c = text[i];
        return char.IsWhiteSpace(c) || char.IsControl(c) || MessageText.IsInvisible(c) || MessageText.IsBrokenSurrogate(text, i);
    }
}
