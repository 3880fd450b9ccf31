namespace ChatOpsBot.FailureCauses;

/// <summary>The causes of a set of messages, and which cause each message has.</summary>
public sealed class CauseGrouping
{
    private readonly FailureCause[] _causeOfMessage;

    internal CauseGrouping(IReadOnlyList<FailureCause> causes, FailureCause[] causeOfMessage)
    {
        Causes = causes;
        _causeOfMessage = causeOfMessage;
    }

    /// <summary>Every cause, the largest first (ties by key).</summary>
    public IReadOnlyList<FailureCause> Causes { get; }

    /// <summary>The cause of the message <see cref="CauseGrouper.Add"/> gave this index.</summary>
    public FailureCause CauseOf(int index) => _causeOfMessage[index];
}
