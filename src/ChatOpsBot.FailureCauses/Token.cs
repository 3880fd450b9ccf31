namespace ChatOpsBot.FailureCauses;

/// <summary>
/// One token of a message's lead line. <see cref="Hash"/> identifies its masked form (equal for <c>npu3</c> and
/// <c>npu7</c>); the value a variable token had is read from the text only when it is counted (<see cref="ValueOf"/>).
/// </summary>
internal struct Token
{
    public int Start;
    public int Length;
    public ulong Hash;
    public TokenKind Kind;
    public bool SpaceBefore;

    /// <summary>In brackets, "(10.0.0.1)": the value is what is inside.</summary>
    public bool Bracketed;

    /// <summary>A number, or a word with one digit run (npu3): its value can count towards a range ("n = 0–7").</summary>
    public bool Integer;

    public readonly bool IsVariable => Kind >= TokenKind.Number;

    public readonly ReadOnlySpan<char> ValueOf(string text) =>
        Bracketed ? text.AsSpan(Start + 1, Length - 2) : text.AsSpan(Start, Length);
}
