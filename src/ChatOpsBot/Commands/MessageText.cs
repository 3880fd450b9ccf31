using System.Collections.Frozen;
using System.Net;
using System.Text;

namespace ChatOpsBot.Commands;

/// <summary>
/// Turns what Teams sends as a message's text (HTML with <c>&lt;at&gt;</c> mentions, entities, non-breaking and
/// zero-width spaces) into plain words separated by single spaces. One pass: every search position only moves forward,
/// so the work stays linear in the input.
/// </summary>
internal static class MessageText
{
    // Tags that separate words; the other known tags (span, b, a…) can sit inside a word and are dropped silently.
    private static readonly FrozenSet<string> BlockTags = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "p", "div", "br", "li", "ul", "ol", "table", "thead", "tbody", "tr", "td", "th", "hr", "blockquote", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6");

    private static readonly FrozenSet<string> InlineTags = FrozenSet.Create(StringComparer.OrdinalIgnoreCase,
        "span", "b", "i", "u", "s", "strong", "em", "a", "code", "font", "del", "ins", "sub", "sup", "small", "strike",
        "img", "emoji", "systemtag");

    private const string MentionEnd = "</at>";

    public static string ToPlainText(string html) => CleanCharacters(WebUtility.HtmlDecode(StripTags(html)));

    private static string StripTags(string html)
    {
        if (!html.Contains('<', StringComparison.Ordinal))
        {
            return html;
        }
        var text = new StringBuilder(html.Length);
        var nextTagEnd = -1;
        var nextMentionEnd = -1;
        var i = 0;
        while (i < html.Length)
        {
            var nameEnd = i;
            var tag = html[i] == '<' ? ReadTag(html, i, out nameEnd) : TagKind.None;
            if (tag == TagKind.None)
            {
                text.Append(html[i]);
                i++;
                continue;
            }
            if (nextTagEnd < nameEnd)
            {
                nextTagEnd = IndexOrEnd(html.IndexOf('>', nameEnd), html.Length);
            }
            if (nextTagEnd >= html.Length)
            {
                text.Append(html, i, html.Length - i);
                break;
            }
            var afterTag = nextTagEnd + 1;
            i = afterTag;
            switch (tag)
            {
                case TagKind.MentionStart:
                    // The mention's inner text is the bot's (or someone's) name: it goes with the tags.
                    if (nextMentionEnd < afterTag)
                    {
                        nextMentionEnd = IndexOrEnd(
                            html.IndexOf(MentionEnd, afterTag, StringComparison.OrdinalIgnoreCase), html.Length);
                    }
                    if (nextMentionEnd < html.Length)
                    {
                        i = nextMentionEnd + MentionEnd.Length;
                    }
                    text.Append(' ');
                    break;
                case TagKind.Block:
                    text.Append(' ');
                    break;
            }
        }
        return text.ToString();
    }

    private static int IndexOrEnd(int index, int end) => index < 0 ? end : index;

    private enum TagKind { None, MentionStart, Block, Inline }

    // "<name" or "</name" followed by '>', '/' or whitespace, for a tag Teams sends. Anything else ("<0319…>",
    // "<train-resnet50>", "a < b") is text.
    private static TagKind ReadTag(string html, int start, out int nameEnd)
    {
        var i = start + 1;
        var closing = i < html.Length && html[i] == '/';
        if (closing)
        {
            i++;
        }
        var nameStart = i;
        while (i < html.Length && (char.IsAsciiLetter(html[i]) || (i > nameStart && char.IsAsciiDigit(html[i]))))
        {
            i++;
        }
        nameEnd = i;
        if (i == nameStart || i >= html.Length || !(html[i] is '>' or '/' || char.IsWhiteSpace(html[i])))
        {
            return TagKind.None;
        }
        var name = html.AsSpan(nameStart, i - nameStart);
        if (name.Equals("at", StringComparison.OrdinalIgnoreCase))
        {
            return closing ? TagKind.Block : TagKind.MentionStart;
        }
        if (BlockTags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
        {
            return TagKind.Block;
        }
        return InlineTags.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) ? TagKind.Inline : TagKind.None;
    }

    // Whitespace of any kind (tabs, newlines, NBSP, ideographic space) and control characters separate words;
    // zero-width and direction-formatting characters vanish, so an id pasted with one inside stays whole.
    private static string CleanCharacters(string text) => Collapse(text, repairSurrogates: false);

    /// <summary>
    /// Whitespace and control characters become single spaces (none at the ends), invisible characters go, and with
    /// <paramref name="repairSurrogates"/> a broken surrogate becomes U+FFFD. Shared with the cards' text cleaning.
    /// </summary>
    internal static string Collapse(string text, bool repairSurrogates)
    {
        var clean = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsInvisible(c))
            {
                continue;
            }
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = clean.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                clean.Append(' ');
                pendingSpace = false;
            }
            clean.Append(repairSurrogates && IsBrokenSurrogate(text, i) ? '\uFFFD' : c);
        }
        return clean.ToString();
    }

    internal static bool IsBrokenSurrogate(string text, int i) => text[i] switch
    {
        var c when char.IsHighSurrogate(c) => i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]),
        var c when char.IsLowSurrogate(c) => i == 0 || !char.IsHighSurrogate(text[i - 1]),
        _ => false,
    };

    internal static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\uFEFF' or '\u00AD'
            or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
