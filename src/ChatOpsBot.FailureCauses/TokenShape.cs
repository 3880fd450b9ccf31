using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Whether a token of the previous message can stand for the text at a position of this one: the tokenizer would give
/// the same token (kind, masked hash, length) because it reads the same characters, digits aside. Scanning a token
/// reads at most its own characters and the three after it (a full stop left out of it, the character that ends it,
/// and the one after that, read after a colon or a query's ? &amp; =), and
/// looks at digits only as digits, except in two places: an IPv4 address (its octets decide it, and only for a word
/// with no letters and three dots) and the 0 of a "0x" prefix. So equal text, or text that differs only in ASCII
/// digits outside those two cases, tokenizes the same; and so do two hex words of one form (<see cref="HexWord"/>).
/// </summary>
internal static class TokenShape
{
    private const int Lookahead = 3;

    public static bool Matches(string text, int start, int end, in PreviousMessage previous, in Token token)
    {
        var length = token.Length + Lookahead;
        // A bracket right after a word joins it by where the bracket closes, which can be far ahead.
        if (start + token.Length < end && text[start + token.Length] is '(' or '[')
        {
            return false;
        }
        var before = previous.Text!;
        var available = end - start;
        var availableBefore = previous.End - token.Start;
        if (available < length || availableBefore < length)
        {
            // Near the end of a line the scan stops at the end: then the two ends must be as far away.
            if (available != availableBefore)
            {
                return false;
            }
            length = available;
        }
        // Most words are short: one block of 8 characters from each text compares them, digits aside, at once.
        if (Vector128.IsHardwareAccelerated && length <= Block && text.Length - start >= Block && before.Length - token.Start >= Block)
        {
            var a = Vector128.Create(MemoryMarshal.Cast<char, ushort>(text.AsSpan(start, Block)));
            var b = Vector128.Create(MemoryMarshal.Cast<char, ushort>(before.AsSpan(token.Start, Block)));
            var equal = Vector128.Equals(a, b);
            var wanted = (1u << length) - 1;
            if ((equal.ExtractMostSignificantBits() & wanted) == wanted)
            {
                return true;
            }
            if (((equal | BothDigits(a, b)).ExtractMostSignificantBits() & wanted) == wanted
                && !ValueDecidesKind(before.AsSpan(token.Start, token.Length)))
            {
                return true;
            }
        }
        else if (text.AsSpan(start, length).SequenceEqual(before.AsSpan(token.Start, length))
            || (DigitsOnlyDiffer(text.AsSpan(start, length), before.AsSpan(token.Start, length))
                && !ValueDecidesKind(before.AsSpan(token.Start, token.Length))))
        {
            return true;
        }
        return token.Kind == TokenKind.Hex && !token.Bracketed
            && SameHexWord(text.AsSpan(start, length), before.AsSpan(token.Start, length), token.Length);
    }

    // Hex words of one form differ in their hex letters too (9f2c002a / 9f2c002b, 0x7483 / 0xd5df); what follows them
    // may differ only in digits.
    private static bool SameHexWord(ReadOnlySpan<char> now, ReadOnlySpan<char> then, int length)
    {
        var form = HexWord.Of(then[..length]);
        return HexWord.IsOf(form, now[..length], then) && DigitsOnlyDiffer(now[length..], then[length..]);
    }

    private const int Block = 8;

    // Every position holds the same character, or a digit in both.
    private static bool DigitsOnlyDiffer(ReadOnlySpan<char> now, ReadOnlySpan<char> then) => SameShape(now, then, default);

    /// <summary>
    /// Every position holds the same character, or a digit in both, or (where <paramref name="hexWords"/> is all ones;
    /// empty for nowhere) a hex digit in both. Eight characters a step.
    /// </summary>
    public static bool SameShape(ReadOnlySpan<char> now, ReadOnlySpan<char> then, ReadOnlySpan<ushort> hexWords)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && now.Length >= Block)
        {
            for (; ; i += Block)
            {
                // The last block overlaps the one before it rather than leaving a tail.
                i = Math.Min(i, now.Length - Block);
                var a = Vector128.Create(MemoryMarshal.Cast<char, ushort>(now.Slice(i, Block)));
                var b = Vector128.Create(MemoryMarshal.Cast<char, ushort>(then.Slice(i, Block)));
                var same = Vector128.Equals(a, b) | BothDigits(a, b);
                if (!hexWords.IsEmpty)
                {
                    same |= BothHexDigits(a, b) & Vector128.Create(hexWords.Slice(i, Block));
                }
                if (same != Vector128<ushort>.AllBitsSet)
                {
                    return false;
                }
                if (i + Block >= now.Length)
                {
                    return true;
                }
            }
        }
        for (; i < now.Length; i++)
        {
            var (x, y) = (now[i], then[i]);
            if (x != y && !(char.IsAsciiDigit(x) && char.IsAsciiDigit(y))
                && !(!hexWords.IsEmpty && hexWords[i] != 0 && char.IsAsciiHexDigit(x) && char.IsAsciiHexDigit(y)))
            {
                return false;
            }
        }
        return true;
    }

    private static Vector128<ushort> BothDigits(Vector128<ushort> a, Vector128<ushort> b) => Digits(a) & Digits(b);

    // A hex digit in both (0-9, a-f, A-F); the letters fold to lower case with one bit.
    private static Vector128<ushort> BothHexDigits(Vector128<ushort> a, Vector128<ushort> b) => HexDigits(a) & HexDigits(b);

    private static Vector128<ushort> HexDigits(Vector128<ushort> chars) =>
        Vector128.LessThan((chars | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)6)) | Digits(chars);

    private static Vector128<ushort> Digits(Vector128<ushort> chars) =>
        Vector128.LessThan(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)10));

    // The two places the tokenizer reads a digit's value: "0x…" and a word of digits and three dots (an IPv4 address
    // or not, by its octets).
    public static bool ValueDecidesKind(ReadOnlySpan<char> word)
    {
        if (word.Length > 2 && (word[1] | 0x20) == 'x')
        {
            return true;
        }
        var dots = 0;
        foreach (var c in word)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c) && c is not (':' or '-'))
            {
                return false;
            }
        }
        return dots == 3;
    }
}
