namespace ChatOpsBot.FailureCauses;

/// <summary>
/// One token of a message's lead line. <see cref="Hash"/> identifies its masked form (equal for <c>npu3</c> and
/// <c>npu7</c>); <see cref="ValueHash"/> and <see cref="Value"/> describe the value a variable token had.
/// </summary>
internal struct Token
{
    public int Start;
    public int Length;
    public TokenKind Kind;
    public bool SpaceBefore;
    public bool HasValue;
    public ulong Hash;
    public ulong ValueHash;
    public long Value;

    public readonly bool IsVariable => Kind >= TokenKind.Number;
}
