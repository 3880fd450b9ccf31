using System.Buffers;
using System.Text;

namespace ChatOpsBot.Cards;

/// <summary>
/// Makes text from the API (job names, ids, task messages) literal in a Teams text message, which Teams reads as
/// Markdown and HTML: <c>nccl_all_reduce</c> must not turn into italics, and a job named
/// <c>[Re-authenticate](https://…)</c> must not become a link the bot posts into a channel. Markdown characters get a
/// backslash, HTML's <c>&amp; &lt; &gt;</c> become entities, and line breaks become spaces (so nothing API-made starts a
/// line, where <c>-</c>, <c>#</c> or <c>&gt;</c> would start a list, heading or quote). Only for values put into the
/// bot's own sentences: its own markup (<c>&lt;at&gt;…&lt;/at&gt;</c> mentions, <c>`code`</c>) stays as written.
/// Cards need none of this: they keep API text in plain TextRuns.
/// </summary>
public static class TeamsText
{
    public static string Escape(string? text)
    {
        var clean = CardText.Collapse(text);
        if (clean.AsSpan().IndexOfAny(Special) < 0)
        {
            return clean;
        }
        var escaped = new StringBuilder(clean.Length + 8);
        foreach (var c in clean)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '`' or '*' or '_' or '~' or '[' or ']' or '#' or '|' => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\\`*_~[]#|");
}
