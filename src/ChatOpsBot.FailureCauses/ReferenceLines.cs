namespace ChatOpsBot.FailureCauses;

/// <summary>
/// The last lead line tokenized of each length (a few dozen lengths apart), so that a line that differs from one of
/// them only in digits is not tokenized (<see cref="ReferenceLine"/>): a fleet's failures of one kind mostly have lines
/// of a few lengths, whatever order they come in. The same length is the first thing two such lines share, so it is
/// the table's index.
/// </summary>
internal sealed class ReferenceLines
{
    private const int Slots = 64;
    private readonly ReferenceLine?[] _lines = new ReferenceLine?[Slots];
    private ReferenceLine? _last;

    /// <summary>The line tokenized before whose tokens the lead line [start, end) of <paramref name="text"/> has; null when none.</summary>
    public ReferenceLine? Find(string text, int start, int end)
    {
        var line = _lines[Slot(start, end)];
        return line is not null && line.Start == start && line.End == end && line.Matches(text) ? line : null;
    }

    /// <summary>The line most likely to share tokens with [start, end): one of the same length, else the last one.</summary>
    public PreviousMessage Nearest(int start, int end)
    {
        var line = _lines[Slot(start, end)];
        if (line is null || line.End - line.Start != end - start)
        {
            line = _last;
        }
        return line is null ? PreviousMessage.None : new PreviousMessage(line.Text, line.End, line.Tokens);
    }

    public void Remember(string text, int start, int end, ReadOnlySpan<Token> tokens, MaskedTemplate template)
    {
        ref var line = ref _lines[Slot(start, end)];
        line ??= new ReferenceLine();
        line.Set(text, start, end, tokens, template);
        _last = line;
    }

    private static int Slot(int start, int end) => (end - start) & (Slots - 1);
}
