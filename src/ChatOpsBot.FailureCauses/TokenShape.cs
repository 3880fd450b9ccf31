using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Whether a token of the previous message can stand for the text at a position of this one: the tokenizer would give
/// the same token (kind, masked hash, length) because it reads the same characters, digits aside. Scanning a token
/// reads at most its own characters and the two after it (the character that ends it, and the one after a colon), and
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

    public const int Block = 8;

    public static Vector128<ushort> BothDigits(Vector128<ushort> a, Vector128<ushort> b) => Digits(a) & Digits(b);

    /// <summary>All ones where the character is an ASCII digit.</summary>
    public static Vector128<ushort> Digits(Vector128<ushort> chars) =>
        Vector128.LessThan(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)10));

    // Every position holds the same character, or a digit in both.
    public static bool DigitsOnlyDiffer(ReadOnlySpan<char> now, ReadOnlySpan<char> then)
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
                if ((Vector128.Equals(a, b) | BothDigits(a, b)) != Vector128<ushort>.AllBitsSet)
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
            if (now[i] != then[i] && !(char.IsAsciiDigit(now[i]) && char.IsAsciiDigit(then[i])))
            {
                return false;
            }
        }
        return true;
    }

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
