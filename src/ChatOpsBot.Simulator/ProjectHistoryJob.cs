namespace ChatOpsBot.Simulator;

/// <summary>
/// One job of a <see cref="ProjectHistory"/>: it does not exist before its first step, then is as its steps say. Steps
/// are timed from the project history's start, not from the job's first request.
/// </summary>
public sealed record ProjectHistoryJob(string JobId, IReadOnlyList<HistoryStep> Steps)
{
    public TimeSpan Appears => Steps[0].At;
}
