using System.Buffers;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The two forms of a hex word the tokenizer masks as ‹hex› whatever its hex digits are: hex digits alone with at least
/// one digit and one letter ("9f2c002a"; all digits would be a number, all letters a word), and "0x" with hex digits
/// ("0x7483", "0xd5df"; the 0 must be a 0). Two words of one form differ only in a value, so a line or a token can be
/// taken from an earlier one across them (<see cref="TokenShape"/>, <see cref="ReferenceLine"/>).
/// </summary>
internal static class HexWord
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public enum Form : byte
    {
        None,
        Plain,
        ZeroX,
    }

    /// <summary>The form of a word the tokenizer gave <see cref="TokenKind.Hex"/> (not one in brackets).</summary>
    public static Form Of(ReadOnlySpan<char> word) =>
        word.Length > 2 && word[0] == '0' && (word[1] | 0x20) == 'x' && !word[2..].ContainsAnyExcept(HexDigits) ? Form.ZeroX
        : !word.ContainsAnyExcept(HexDigits) ? Form.Plain
        : Form.None;

    /// <summary>Where a word of this form may hold other hex digits than the word it is compared with.</summary>
    public static int ValueStart(Form form) => form == Form.ZeroX ? 2 : 0;

    /// <summary>Whether <paramref name="word"/> is of <paramref name="form"/>, as <paramref name="then"/> is (same length).</summary>
    public static bool IsOf(Form form, ReadOnlySpan<char> word, ReadOnlySpan<char> then) => form switch
    {
        Form.Plain => !word.ContainsAnyExcept(HexDigits) && word.ContainsAnyInRange('0', '9') && word.ContainsAnyExceptInRange('0', '9'),
        Form.ZeroX => word[0] == '0' && word[1] == then[1] && !word[2..].ContainsAnyExcept(HexDigits),
        _ => false,
    };
}
