namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Finds a message's lead line and cuts it into tokens, masking what obviously varies from server to server: numbers,
/// hex, UUIDs, IPv4/IPv6/MAC addresses with ports, timestamps, and the digits inside names and paths (<c>npu3</c>,
/// <c>eth0</c>, <c>/dev/davinci5</c>). One pass, no regular expressions and no allocation: it runs for every failed
/// task of every card.
/// </summary>
internal static class MessageTokenizer
{
    /// <summary>Tokens past this many are left to the example: a template is for reading, not for a whole dump.</summary>
    public const int MaxTokens = 160;

    private const string Traceback = "Traceback (most recent call last)";

    // One hash per masked kind, so "‹n›" equals "‹n›" whatever the digits were.
    private static readonly ulong[] KindHashes = Enumerable.Range(0, 16)
        .Select(kind => StableHash.Add(StableHash.Of("\u0001mask"), (ulong)kind)).ToArray();

    /// <summary>
    /// The line that says what went wrong: the exception line of a Python traceback (its last unindented line), else
    /// the first line with text. The rest of the message stays in the example.
    /// </summary>
    public static (int Start, int End) LeadLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return (0, message.Length);
        }
        if (message.Contains(Traceback, StringComparison.Ordinal))
        {
            var end = message.Length;
            while (end > 0)
            {
                var start = message.LastIndexOf('\n', end - 1) + 1;
                var line = message.AsSpan(start, end - start).TrimEnd();
                if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith(Traceback, StringComparison.Ordinal))
                {
                    return (start, start + line.Length);
                }
                end = start - 1;
            }
        }
        var from = 0;
        while (from < message.Length)
        {
            var to = message.IndexOf('\n', from);
            if (to < 0)
            {
                to = message.Length;
            }
            if (!message.AsSpan(from, to - from).IsWhiteSpace())
            {
                return (from, Continued(message, to));
            }
            from = to + 1;
        }
        return (0, message.Length);
    }

    // A line broken in the middle goes on on indented lines ("Driver mismatch:\n  expected 24.1.0.3"); the indented
    // frames of a stack trace ("  at …", "  File …") are not part of it.
    private static int Continued(string message, int end)
    {
        while (end < message.Length)
        {
            var next = message.IndexOf('\n', end + 1);
            if (next < 0)
            {
                next = message.Length;
            }
            var line = message.AsSpan(end + 1, next - end - 1);
            var text = line.TrimStart();
            if (line.Length == 0 || !char.IsWhiteSpace(line[0]) || text.IsWhiteSpace()
                || text.StartsWith("at ", StringComparison.Ordinal) || text.StartsWith("File ", StringComparison.Ordinal)
                || text.StartsWith("...", StringComparison.Ordinal))
            {
                break;
            }
            end = next;
        }
        return end;
    }

    /// <summary>Tokens of <paramref name="text"/>[start..end) into <paramref name="tokens"/>; returns how many (at most <see cref="MaxTokens"/>), and whether some were left out.</summary>
    public static int Tokenize(string text, int start, int end, Span<Token> tokens, out bool truncated) =>
        Tokenize(text, start, end, tokens, PreviousMessage.None, out truncated);

    /// <summary>
    /// As above; where the text at the next position has the shape of the previous message's token with the same
    /// index, that token is taken (moved to its place) instead of being scanned: the same tokens, less work.
    /// </summary>
    public static int Tokenize(string text, int start, int end, Span<Token> tokens, in PreviousMessage previous, out bool truncated)
    {
        var count = 0;
        var space = false;
        var i = start;
        truncated = false;
        while (i < end)
        {
            var c = text[i];
            if (c <= ' ' || (c >= '\u007F' && (char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                space = true;
                i++;
                continue;
            }
            if (count == tokens.Length)
            {
                truncated = true;
                break;
            }
            ref var token = ref tokens[count++];
            // A bracket's token depends on text far ahead (where it closes): always scanned.
            if (count <= previous.Tokens.Length && c is not ('(' or '[')
                && TokenShape.Matches(text, i, end, previous, previous.Tokens[count - 1]))
            {
                token = previous.Tokens[count - 1];
                token.Start = i;
                token.SpaceBefore = space;
                space = false;
                i += token.Length;
                continue;
            }
            token.SpaceBefore = space;
            space = false;
            ScanToken(text, i, end, ref token);
            i += token.Length;
        }
        return count;
    }

    /// <summary>
    /// The token that starts at <paramref name="i"/> (not a space) and is read no further than <paramref name="end"/>:
    /// all its fields but <see cref="Token.SpaceBefore"/>.
    /// </summary>
    public static void ScanToken(string text, int i, int end, ref Token token)
    {
        var c = text[i];
        token.Start = i;
        token.Bracketed = false;
        token.Integer = false;
        if (c is '(' or '[' && Bracketed(text, i, end) is > 0 and var close)
        {
            token.Length = close - i;
            token.Bracketed = close - i > 2;
            Scan(token.ValueOf(text), whole: true, ref token);
            return;
        }
        if (c >= 128 ? IsWordChar(c) : (Ascii[c] & WordChar) != 0)
        {
            token.Length = Scan(text.AsSpan(i, end - i), whole: false, ref token);
            // A word with a bracket right after it is one name: LOCAL(0), eth0[3].
            var after = i + token.Length;
            if (after < end && text[after] is '(' or '[' && Bracketed(text, after, end) is > 0 and var bracketEnd)
            {
                token.Length = bracketEnd - i;
                Scan(text.AsSpan(i, token.Length), whole: true, ref token);
            }
            return;
        }
        var length = char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        token.Length = length;
        token.Kind = IsCjk(c) || length == 2 ? TokenKind.Cjk : TokenKind.Punctuation;
        token.Hash = StableHash.Of(text.AsSpan(i, length));
    }

    /// <summary>The template text of one token: itself when kept, its placeholder when masked.</summary>
    public static void AppendMasked(System.Text.StringBuilder builder, string text, in Token token)
    {
        var span = text.AsSpan(token.Start, token.Length);
        switch (token.Kind)
        {
            case TokenKind.Word or TokenKind.Punctuation or TokenKind.Cjk:
                builder.Append(span);
                break;
            case TokenKind.Mixed:
                var inDigits = false;
                for (var k = 0; k < span.Length; k++)
                {
                    var c = span[k];
                    if (char.IsAsciiDigit(c) || (IsSign(span, k) && !inDigits))
                    {
                        if (!inDigits)
                        {
                            builder.Append(Placeholders.Number);
                        }
                        inDigits = true;
                        continue;
                    }
                    inDigits = false;
                    builder.Append(c);
                }
                break;
            default:
                var bracketed = span[0] is '(' or '[';
                if (bracketed)
                {
                    builder.Append(span[0]);
                }
                builder.Append(Placeholders.Of(token.Kind));
                if (bracketed)
                {
                    builder.Append(span[^1]);
                }
                break;
        }
    }

    // The minus of blk_-42, so that blk_-42 and blk_42 are alike; not the hyphen of node-42.
    private static bool IsSign(ReadOnlySpan<char> word, int k) =>
        word[k] == '-' && k + 1 < word.Length && char.IsAsciiDigit(word[k + 1]) && (k == 0 || !char.IsAsciiLetterOrDigit(word[k - 1]));

    // "()" and "(host-1.example.net)" are one token, so an empty value and a present one line up at one position; what
    // is inside is masked as if it stood alone: "(‹ip›)".
    private static int Bracketed(string text, int i, int end)
    {
        var close = text[i] == '(' ? ')' : ']';
        for (var j = i + 1; j < end && j - i <= 64; j++)
        {
            var c = text[j];
            if (c == close)
            {
                return j + 1;
            }
            if (c <= ' ' || char.IsWhiteSpace(c) || c is '(' or '[' or ')' or ']')
            {
                return 0;
            }
        }
        return 0;
    }

    // A word runs over letters, digits and the characters of names, paths and versions. A colon joins numbers
    // (10:42:07) and hex groups (fe80::1, aa:bb:cc:dd:ee:ff), not a word and its value ("code: 5"), nor an address and
    // its port (10.0.0.1:22 is ‹ip›:‹n›, like host.example.com:22). One pass finds where the word ends, its masked hash
    // (digit runs as one mark: npu3 and npu7 alike) and the counts that decide its kind; only a variable word is read a
    // second time, for its value. With whole, the text is one token whatever it holds (the inside of a bracket).
    // Returns the word's length.
    private static int Scan(ReadOnlySpan<char> text, bool whole, ref Token token)
    {
        // Most words are letters only ("mismatch", "expected"): a tight loop hashes them, with no branch on what each
        // character is. It stops at anything that needs the full rules below (a digit, '.', '-', ':', non-ASCII).
        var masked = StableHash.Seed;
        var hexLetters = 0;
        var hexFlags = HexOrDot;
        var j = 0;
        for (; j < text.Length; j++)
        {
            var c = text[j];
            var flags = c < 128 ? Ascii[c] : Special;
            if ((flags & (WordChar | Digit | Special)) != WordChar)
            {
                break;
            }
            masked = StableHash.Add(masked, c);
            hexLetters += (flags & HexOrDot) >> HexOrDotShift;
            hexFlags &= flags;
        }
        if (!whole && j > 0 && (j == text.Length || (text[j] < 128 && (Ascii[text[j]] & WordChar) == 0 && text[j] != ':'
            && !QueryGoesOn(text, j))))
        {
            token.Kind = j == 3 && IsCalendarWord(text[..3]) ? TokenKind.Time : TokenKind.Word;
            token.Hash = token.Kind == TokenKind.Time ? KindHashes[(int)TokenKind.Time] : masked;
            return j;
        }

        var digits = 0;
        var letters = j;
        var dots = 0;
        var colons = 0;
        var dashes = 0;
        var digitRuns = 0;
        var inDigits = false;
        var previousDigit = false;
        var allHex = hexFlags != 0;
        var beforeDot = masked;
        for (; j < text.Length; j++)
        {
            var c = text[j];
            var flags = c < 128 ? Ascii[c] : IsWordChar(c) ? WordChar : 0;
            if ((flags & WordChar) != 0)
            {
                allHex &= (flags & HexOrDot) != 0;
            }
            else if (!whole && !(c == ':' && allHex && dots == 0 && j + 1 < text.Length
                && (char.IsAsciiHexDigit(text[j + 1]) || text[j + 1] == ':')
                && (char.IsAsciiHexDigit(text[j - 1]) || text[j - 1] == ':'))
                && !QueryGoesOn(text, j))
            {
                break;
            }
            if ((flags & Digit) != 0)
            {
                // A digit run is one mark in the masked hash, however long: read it in one go.
                var run = j;
                while (j + 1 < text.Length && char.IsAsciiDigit(text[j + 1]))
                {
                    j++;
                }
                digits += j - run + 1;
                if (!previousDigit)
                {
                    digitRuns++;
                }
                if (!inDigits)
                {
                    masked = StableHash.Add(masked, '\u0001');
                }
                previousDigit = true;
                inDigits = true;
                continue;
            }
            previousDigit = false;
            if (c == '-' && !inDigits && IsSign(text, j))
            {
                masked = StableHash.Add(masked, '\u0001');
                inDigits = true;
                dashes++;
                continue;
            }
            inDigits = false;
            if (c == '.')
            {
                beforeDot = masked;
            }
            masked = StableHash.Add(masked, c);
            switch (c)
            {
                case '.':
                    dots++;
                    break;
                case ':':
                    colons++;
                    break;
                case '-':
                    dashes++;
                    break;
                default:
                    hexLetters += (flags & HexOrDot) >> HexOrDotShift;
                    letters++;
                    break;
            }
        }
        // A sentence's full stop is not part of its last word.
        if (!whole && j > 1 && text[j - 1] == '.')
        {
            j--;
            dots--;
            masked = beforeDot;
        }
        var word = text[..j];

        if (digits == 0)
        {
            // Without digits the masked hash is the plain one.
            if (word.Length == 3 && IsCalendarWord(word))
            {
                token.Kind = TokenKind.Time;
                token.Hash = KindHashes[(int)TokenKind.Time];
                return j;
            }
            if (dots == 0 || !IsHostName(word))
            {
                token.Kind = TokenKind.Word;
                token.Hash = masked;
                return j;
            }
        }

        var others = letters - hexLetters;
        var kind =
            dots > 0 && IsHostName(word) ? TokenKind.Host
            : IsNumber(word, digits, dots) ? TokenKind.Number
            : letters == 0 && IsIpv4(word) ? TokenKind.Address
            : word.Length == 36 && dashes == 4 && others == 0 && colons == 0 && dots == 0 ? TokenKind.Id
            : IsTime(word, colons, dashes, letters) ? TokenKind.Time
            : colons >= 2 && others == 0 && dots == 0 && dashes == 0 ? TokenKind.Address
            : others == 0 && colons == 0 && dashes == 0 && dots == 0 ? TokenKind.Hex
            : word.Length > 2 && word[0] == '0' && (word[1] | 0x20) == 'x' && others == 1 && dots + colons + dashes == 0 ? TokenKind.Hex
            : letters == 0 && colons == 0 ? TokenKind.Number
            : TokenKind.Mixed;
        token.Kind = kind;
        token.Hash = kind == TokenKind.Mixed ? masked : KindHashes[(int)kind];
        // Its value is read only while the values are counted (VariableStats), not for every message.
        token.Integer = kind == TokenKind.Number || (kind == TokenKind.Mixed && digitRuns == 1);
        return j;
    }

    // A path's query is part of it: "/v2/servers/detail?all_tenants=True&host=cp-1" is one word, so a request with a
    // query lines up with one without.
    private static bool QueryGoesOn(ReadOnlySpan<char> text, int j) =>
        text[j] is '?' or '&' or '=' && text[0] == '/' && j + 1 < text.Length && text[j + 1] < 128 && (Ascii[text[j + 1]] & WordChar) != 0;

    // api.github.com, tcpconn3.tencent.com, proxy.cse.cuhk.edu.hk: dotted names ending in a short lower-case label.
    // A Java class (org.apache.Foo) or a version (1.2.3) does not end that way.
    private static bool IsHostName(ReadOnlySpan<char> word)
    {
        var last = word.LastIndexOf('.');
        var label = word[(last + 1)..];
        if (label.Length is < 2 or > 4 || word[0] == '.')
        {
            return false;
        }
        foreach (var c in label)
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }
        return !IsFileExtension(label) && word.IndexOfAny('/', ':') < 0 && !word.Contains("..", StringComparison.Ordinal);
    }

    // "Fri Jun 17 07:07:00 2005": the day and month of a timestamp are part of it. A switch on the span: no hashing.
    private static bool IsCalendarWord(ReadOnlySpan<char> word) => word switch
    {
        "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun" or "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun"
            or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec" => true,
        _ => false,
    };

    // audit.log is a file, not a host.
    private static bool IsFileExtension(ReadOnlySpan<char> label) => label switch
    {
        "log" or "txt" or "json" or "py" or "so" or "cfg" or "conf" or "yaml" or "yml" or "xml" or "csv" or "sh" or "gz"
            or "tar" or "zip" or "bin" or "dat" or "pid" or "lock" or "ini" or "tmp" or "out" or "err" or "pt" or "ckpt"
            or "pth" or "onnx" or "om" or "run" or "rpm" or "deb" or "ko" or "java" or "jar" or "cc" or "cpp" or "h"
            or "hpp" or "go" or "rs" or "js" or "html" or "exe" or "dll" or "sys" or "img" or "iso" or "pem" or "key"
            or "crt" => true,
        _ => false,
    };

    // 42, -7, 3.14, +5
    private static bool IsNumber(ReadOnlySpan<char> word, int digits, int dots)
    {
        var signs = word[0] is '-' or '+' ? 1 : 0;
        return dots <= 1 && digits + dots + signs == word.Length && char.IsAsciiDigit(word[^1]);
    }

    // 10.0.0.1, 10.0.0.1:22, /10.0.0.1:22
    private static bool IsIpv4(ReadOnlySpan<char> word)
    {
        var k = word[0] == '/' ? 1 : 0;
        var parts = 0;
        var first = 0;
        var large = false;
        while (true)
        {
            var octet = 0;
            var length = 0;
            while (k < word.Length && char.IsAsciiDigit(word[k]) && length < 4)
            {
                octet = (octet * 10) + (word[k++] - '0');
                length++;
            }
            if (length is 0 or > 3 || octet > 255)
            {
                return false;
            }
            first = parts == 0 ? octet : first;
            large |= octet > 99;
            parts++;
            if (k == word.Length || word[k] != '.')
            {
                break;
            }
            k++;
        }
        if (k < word.Length)
        {
            if (word[k] != ':' || k + 1 == word.Length)
            {
                return false;
            }
            for (k++; k < word.Length; k++)
            {
                if (!char.IsAsciiDigit(word[k]))
                {
                    return false;
                }
            }
        }
        // A driver version (24.1.0.3) has four small parts too: call it an address when it looks like one in use, a
        // private range or a part above 99. Either way it is masked; this only picks the placeholder.
        return parts == 4 && (large || first is 10 or 127 or 172 or 192 or 100);
    }

    // 10:42:07, 10:42:07.123, 2026-11-29, 2026-11-29T10:42:07Z, 2026-11-29T10:42:07+08:00
    private static bool IsTime(ReadOnlySpan<char> word, int colons, int dashes, int letters)
    {
        if (colons == 0 && dashes < 2)
        {
            return false;
        }
        if (letters > 2)
        {
            return false;
        }
        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c) && c is not (':' or '-' or '.' or 'T' or 'Z' or '+' or ','))
            {
                return false;
            }
        }
        return char.IsAsciiDigit(word[0]);
    }

    // The value of the one digit run (the 3 of npu3), for "n = 0–7".
    public static bool TryInteger(ReadOnlySpan<char> word, out long value)
    {
        value = 0;
        var start = word.IndexOfAnyInRange('0', '9');
        if (start < 0)
        {
            start = word.Length;
        }
        var end = start;
        while (end < word.Length && char.IsAsciiDigit(word[end]))
        {
            end++;
        }
        if (end - start > 18 || (end < word.Length && word[end] == '.' && end + 1 < word.Length && char.IsAsciiDigit(word[end + 1])))
        {
            return false;
        }
        foreach (var c in word[start..end])
        {
            value = (value * 10) + (c - '0');
        }
        if (start > 0 && word[start - 1] == '-' && start == 1)
        {
            value = -value;
        }
        return true;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) && !IsCjk(c);

    private const byte WordChar = 1;
    private const byte Digit = 2;
    private const int HexOrDotShift = 2;
    private const byte HexOrDot = 1 << HexOrDotShift;
    private const byte Special = 8;

    // What each ASCII character is, one table lookup per character, as this runs over every message: word characters
    // (letters, digits and _ . - / \ @ + ~ % # $: names, paths and versions) 1, digits 2, hex digits and the dot 4, the
    // two word characters with rules of their own (. and -) 8.
    private static ReadOnlySpan<byte> Ascii =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0, 9, 13, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0,
        1, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1,
        0, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    ];

    // Chinese, Japanese and Korean text has no spaces between words: each character is a token of its own.
    private static bool IsCjk(char c) =>
        c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');
}
