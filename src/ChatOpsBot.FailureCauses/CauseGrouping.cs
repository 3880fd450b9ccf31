namespace ChatOpsBot.FailureCauses;

/// <summary>The causes of a set of messages, and which cause each message has.</summary>
public sealed class CauseGrouping
{
    private readonly List<MaskedTemplate> _messages;
    private readonly int _count;
    private readonly Dictionary<MaskedTemplate, FailureCause> _causeOfTemplate;

    internal CauseGrouping(IReadOnlyList<FailureCause> causes, List<MaskedTemplate> messages, int count,
        Dictionary<MaskedTemplate, FailureCause> causeOfTemplate)
    {
        Causes = causes;
        _messages = messages;
        _count = count;
        _causeOfTemplate = causeOfTemplate;
    }

    /// <summary>Every cause, the largest first (ties by key).</summary>
    public IReadOnlyList<FailureCause> Causes { get; }

    /// <summary>The cause of the message <see cref="CauseGrouper.Add"/> gave this index (one added before <see cref="CauseGrouper.Group"/>).</summary>
    public FailureCause CauseOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
        return _causeOfTemplate[_messages[index]];
    }
}
