using ChatOpsBot.FailureCauses;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// The causes of a job's FAILED tasks, grouped as the card groups them (<see cref="CauseGrouper"/>), so a notification
/// and the card never disagree about why a job failed. Grouping always runs over every failed task of the job: a cause
/// is a property of the whole set, and the same set gives the same causes on any instance.
/// </summary>
internal sealed class FailedTaskCauses
{
    private readonly List<LiteServerTask> _failed;
    private readonly CauseGrouping? _grouping;

    private FailedTaskCauses(List<LiteServerTask> failed, CauseGrouping? grouping)
    {
        _failed = failed;
        _grouping = grouping;
    }

    /// <summary>The job's FAILED tasks, in the order the API sent them.</summary>
    public IReadOnlyList<LiteServerTask> Failed => _failed;

    /// <summary>Every cause, the largest first.</summary>
    public IReadOnlyList<FailureCause> Causes => _grouping?.Causes ?? [];

    public static FailedTaskCauses Of(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var failed = job.Tasks.Where(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed)).ToList();
        if (failed.Count == 0)
        {
            return new FailedTaskCauses(failed, null);
        }
        var grouper = new CauseGrouper(capacity: failed.Count);
        foreach (var task in failed)
        {
            grouper.Add(task.Message);
        }
        return new FailedTaskCauses(failed, grouper.Group());
    }

    /// <summary>The cause of <see cref="Failed"/>[<paramref name="index"/>].</summary>
    public FailureCause CauseOf(int index) => _grouping!.CauseOf(index);
}
