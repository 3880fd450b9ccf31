using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChatOpsBot.FailureCauses;

/// <summary>
/// A lead line tokenized before, its tokens and its template: a later line that differs from it only in digits (and in
/// the hex digits of its hex words) has the very same tokens, so it is counted under the same template without being
/// tokenized. What <see cref="TokenShape"/> says of one token, said of a whole line at once.
/// </summary>
internal sealed class ReferenceLine
{
    private Token[] _tokens = [];
    private bool _prepared;
    // Where hex words are (all ones there): their letters may differ too ("9f2c002a" / "9f2c002b" are both ‹hex›).
    // Null when the line has none; the array is kept for the next line set here.
    private ushort[]? _hexWords;
    private ushort[] _hexWordsBuffer = [];
    // The tokens to check again when the text differs: hex words (the new line's must be of the same form, HexWord)
    // and the tokens whose kind depends on a digit's value (TokenShape.ValueDecidesKind: scanned again).
    private readonly List<(int Index, HexWord.Form Form)> _checked = [];

    public string Text { get; private set; } = "";
    public int Start { get; private set; }
    public int End { get; private set; }
    public int Count { get; private set; }
    public MaskedTemplate? Template { get; private set; }
    public ReadOnlySpan<Token> Tokens => _tokens.AsSpan(0, Count);

    public void Set(string text, int start, int end, ReadOnlySpan<Token> tokens, MaskedTemplate template)
    {
        if (_tokens.Length < tokens.Length)
        {
            _tokens = new Token[Math.Max(tokens.Length, 16)];
        }
        tokens.CopyTo(_tokens);
        (Text, Start, End, Count, Template) = (text, start, end, tokens.Length, template);
        _prepared = false;
    }

    /// <summary>Whether the lead line of <paramref name="text"/>, at the same place and of the same length, has these tokens.</summary>
    public bool Matches(string text)
    {
        var now = text.AsSpan(Start, End - Start);
        var then = Text.AsSpan(Start, End - Start);
        if (now.SequenceEqual(then))
        {
            return true;
        }
        if (!_prepared)
        {
            Prepare();
        }
        if (!SameShape(now, then))
        {
            return false;
        }
        foreach (var (index, form) in _checked)
        {
            ref readonly var token = ref _tokens[index];
            if (form != HexWord.Form.None)
            {
                if (!HexWord.IsOf(form, text.AsSpan(token.Start, token.Length), Text.AsSpan(token.Start, token.Length)))
                {
                    return false;
                }
                continue;
            }
            var again = default(Token);
            MessageTokenizer.ScanToken(text, token.Start, End, ref again);
            if (again.Length != token.Length || again.Kind != token.Kind || again.Hash != token.Hash || again.Integer != token.Integer)
            {
                return false;
            }
        }
        return true;
    }

    private void Prepare()
    {
        _prepared = true;
        _hexWords = null;
        _checked.Clear();
        for (var i = 0; i < Count; i++)
        {
            ref readonly var token = ref _tokens[i];
            if (!token.IsVariable)
            {
                continue;
            }
            var value = token.ValueOf(Text);
            var form = token.Kind == TokenKind.Hex && !token.Bracketed ? HexWord.Of(value) : HexWord.Form.None;
            if (form != HexWord.Form.None)
            {
                if (_hexWords is null)
                {
                    if (_hexWordsBuffer.Length < End - Start)
                    {
                        _hexWordsBuffer = new ushort[End - Start];
                    }
                    _hexWords = _hexWordsBuffer;
                    _hexWords.AsSpan(0, End - Start).Clear();
                }
                var from = HexWord.ValueStart(form);
                _hexWords.AsSpan(token.Start - Start + from, token.Length - from).Fill(ushort.MaxValue);
                _checked.Add((i, form));
            }
            else if (TokenShape.ValueDecidesKind(value))
            {
                _checked.Add((i, HexWord.Form.None));
            }
        }
    }

    // Every position holds the same character, or a digit in both, or (inside a hex word) a hex digit in both.
    private bool SameShape(ReadOnlySpan<char> now, ReadOnlySpan<char> then)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && now.Length >= TokenShape.Block)
        {
            for (; ; i += TokenShape.Block)
            {
                // The last block overlaps the one before it rather than leaving a tail.
                i = Math.Min(i, now.Length - TokenShape.Block);
                var a = Vector128.Create(MemoryMarshal.Cast<char, ushort>(now.Slice(i, TokenShape.Block)));
                var b = Vector128.Create(MemoryMarshal.Cast<char, ushort>(then.Slice(i, TokenShape.Block)));
                var same = Vector128.Equals(a, b) | TokenShape.BothDigits(a, b);
                if (_hexWords is not null)
                {
                    same |= BothHexLetters(a, b) & Vector128.Create(_hexWords.AsSpan(i, TokenShape.Block));
                }
                if (same != Vector128<ushort>.AllBitsSet)
                {
                    return false;
                }
                if (i + TokenShape.Block >= now.Length)
                {
                    return true;
                }
            }
        }
        for (; i < now.Length; i++)
        {
            var (x, y) = (now[i], then[i]);
            if (x != y && !(char.IsAsciiDigit(x) && char.IsAsciiDigit(y))
                && !(_hexWords is not null && _hexWords[i] != 0 && char.IsAsciiHexDigit(x) && char.IsAsciiHexDigit(y)))
            {
                return false;
            }
        }
        return true;
    }

    // A hex digit in both (0-9, a-f, A-F); the letters fold to lower case with one bit.
    private static Vector128<ushort> BothHexLetters(Vector128<ushort> a, Vector128<ushort> b)
    {
        var lower = Vector128.Create((ushort)0x20);
        var letterA = Vector128.Create((ushort)'a');
        var six = Vector128.Create((ushort)6);
        var hexA = Vector128.LessThan((a | lower) - letterA, six);
        var hexB = Vector128.LessThan((b | lower) - letterA, six);
        return (hexA | TokenShape.Digits(a)) & (hexB | TokenShape.Digits(b));
    }
}
