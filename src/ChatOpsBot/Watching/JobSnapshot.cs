using System.Text;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// The little a watch remembers of a job: its status, task counts, failed tasks counted per cause (for the card
/// list and the end message) and which tasks were FAILED (<see cref="FailedTaskKeys"/>, compact hashes), so a task that
/// recovers and fails again is news however the counts move.
/// </summary>
public sealed record JobSnapshot
{
    /// <summary>The most messages kept; failures beyond them still count in <see cref="FailedTasks"/>.</summary>
    public const int MaxReasons = 20;

    /// <summary>The longest message kept, in characters.</summary>
    public const int MaxReasonLength = 200;

    public string? Status { get; init; }
    public int TotalTasks { get; init; }
    public int SucceededTasks { get; init; }
    public int FailedTasks { get; init; }
    public int ProcessingTasks { get; init; }
    public int SkippedTasks { get; init; }

    /// <summary>Failed tasks grouped by cause (the template, as the card shows it), most frequent first, at most <see cref="MaxReasons"/>.</summary>
    public IReadOnlyList<FailureReason> FailureReasons { get; init; } = [];

    /// <summary>
    /// The FAILED tasks' keys (<see cref="Watching.FailedTaskKeys.Encode"/>); null in snapshots stored before keys were
    /// kept, which are then compared by count.
    /// </summary>
    public string? FailedTaskKeys { get; init; }

    /// <summary>
    /// Counts the tasks the API sent. <c>abnormal_count</c> may disagree with them, so the FAILED tasks are the truth;
    /// only a job that came without tasks falls back to <c>abnormal_count</c>.
    /// </summary>
    public static JobSnapshot From(LiteServerJob job) => From(job, FailedTaskCauses.Of(job));

    /// <summary>As <see cref="From(LiteServerJob)"/>, with the failed tasks' causes already grouped.</summary>
    internal static JobSnapshot From(LiteServerJob job, FailedTaskCauses causes)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(causes);
        int succeeded = 0, failed = 0, processing = 0, skipped = 0;
        foreach (var task in job.Tasks)
        {
            if (JobStatuses.Is(task.Status, JobStatuses.TaskSuccess))
            {
                succeeded++;
            }
            else if (JobStatuses.Is(task.Status, JobStatuses.TaskProcessing))
            {
                processing++;
            }
            else if (JobStatuses.Is(task.Status, JobStatuses.TaskSkipped))
            {
                skipped++;
            }
            else if (JobStatuses.Is(task.Status, JobStatuses.TaskFailed))
            {
                failed++;
            }
        }
        if (job.Tasks.Count == 0)
        {
            failed = Math.Max(0, job.AbnormalCount ?? 0);
        }
        return new JobSnapshot
        {
            Status = job.Status?.Trim(),
            TotalTasks = job.Tasks.Count,
            SucceededTasks = succeeded,
            FailedTasks = failed,
            ProcessingTasks = processing,
            SkippedTasks = skipped,
            FailureReasons = failed == 0 || job.Tasks.Count == 0
                ? []
                : [.. causes.Causes.Take(MaxReasons).Select(c => new FailureReason(ReasonOf(c.Template), c.Count))],
            FailedTaskKeys = Watching.FailedTaskKeys.Encode(Watching.FailedTaskKeys.Of(job)),
        };
    }

    /// <summary>How many failed tasks had this cause (0 when it is not among the kept reasons).</summary>
    public int FailuresWith(string message)
    {
        foreach (var reason in FailureReasons)
        {
            if (string.Equals(reason.Message, message, StringComparison.Ordinal))
            {
                return reason.Count;
            }
        }
        return 0;
    }

    public bool Equals(JobSnapshot? other) =>
        other is not null
        && string.Equals(Status, other.Status, StringComparison.Ordinal)
        && TotalTasks == other.TotalTasks
        && SucceededTasks == other.SucceededTasks
        && FailedTasks == other.FailedTasks
        && ProcessingTasks == other.ProcessingTasks
        && SkippedTasks == other.SkippedTasks
        && FailureReasons.SequenceEqual(other.FailureReasons)
        && string.Equals(FailedTaskKeys, other.FailedTaskKeys, StringComparison.Ordinal);

    public override int GetHashCode() =>
        HashCode.Combine(Status, TotalTasks, SucceededTasks, FailedTasks, ProcessingTasks, SkippedTasks, FailureReasons.Count);

    // A cause's template is its lead line; bounded so the snapshot stays small.
    internal static string ReasonOf(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }
        var firstLine = message.AsSpan().Trim();
        var end = firstLine.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            firstLine = firstLine[..end];
        }
        var text = new StringBuilder(Math.Min(firstLine.Length, MaxReasonLength));
        var pendingSpace = false;
        foreach (var c in firstLine)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }
            text.Append(c);
            if (text.Length >= MaxReasonLength)
            {
                break;
            }
        }
        return text.ToString();
    }
}
