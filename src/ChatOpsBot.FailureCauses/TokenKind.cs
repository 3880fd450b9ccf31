namespace ChatOpsBot.FailureCauses;

/// <summary>What a token of a message is: kept text (word, punctuation, one CJK character) or a masked variable.</summary>
internal enum TokenKind : byte
{
    Word,
    Punctuation,
    Cjk,
    Number,
    Hex,
    Address,
    Host,
    Id,
    Time,

    /// <summary>Letters kept, digit runs masked: <c>npu3</c> → <c>npu‹n›</c>, <c>/dev/davinci5</c> → <c>/dev/davinci‹n›</c>.</summary>
    Mixed,
}
