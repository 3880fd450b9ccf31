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
    // The array is kept for the next line set here.
    private ushort[] _hexWords = [];
    private bool _hasHexWords;
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
        if (!TokenShape.SameShape(now, then, _hasHexWords ? _hexWords.AsSpan(0, now.Length) : default))
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
        _hasHexWords = false;
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
                if (!_hasHexWords)
                {
                    if (_hexWords.Length < End - Start)
                    {
                        _hexWords = new ushort[End - Start];
                    }
                    _hexWords.AsSpan(0, End - Start).Clear();
                    _hasHexWords = true;
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
}
