using ChatOpsBot.FailureCauses;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// One pass over a job's tasks: counts by status, the first few running and skipped servers, and the failed tasks
/// grouped by cause (<see cref="CauseGrouper"/>, the same grouping the notifications use). Linear in the tasks,
/// whatever their number or messages.
/// </summary>
internal sealed class TaskBreakdown
{
    private readonly CauseGrouper _failures;
    private CauseGrouping? _causes;

    private TaskBreakdown(IReadOnlyList<LiteServerTask?> tasks, int sampleNames, int namesPerCause)
    {
        _failures = new CauseGrouper(new CauseGrouperOptions { ServersPerCause = namesPerCause }, tasks.Count);
        var running = new List<string>(sampleNames);
        var skipped = new List<string>(sampleNames);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            if (task is null)
            {
                continue;
            }
            Total++;
            var status = task.Status;
            if (JobStatuses.Is(status, JobStatuses.TaskFailed))
            {
                Failed++;
                _failures.Add(task.Message, ServerName(task));
            }
            else if (JobStatuses.Is(status, JobStatuses.TaskSuccess))
            {
                Succeeded++;
            }
            else if (JobStatuses.Is(status, JobStatuses.TaskProcessing))
            {
                Running++;
                AddSample(running, task, sampleNames);
            }
            else if (JobStatuses.Is(status, JobStatuses.TaskSkipped))
            {
                Skipped++;
                AddSample(skipped, task, sampleNames);
            }
            else
            {
                Other++;
            }
        }
        RunningServers = running;
        SkippedServers = skipped;
    }

    public int Total { get; }
    public int Failed { get; }
    public int Succeeded { get; }
    public int Running { get; }
    public int Skipped { get; }

    /// <summary>Tasks in a status the API does not document.</summary>
    public int Other { get; }

    /// <summary>Tasks that will not change any more.</summary>
    public int Done => Total - Running;

    /// <summary>The failed tasks' causes, the largest first (ties by key).</summary>
    public IReadOnlyList<FailureCause> FailureCauses => (_causes ??= _failures.Group()).Causes;

    public IReadOnlyList<string> RunningServers { get; }
    public IReadOnlyList<string> SkippedServers { get; }

    public static TaskBreakdown Of(IReadOnlyList<LiteServerTask?>? tasks, int sampleNames, int namesPerCause) =>
        new(tasks ?? [], sampleNames, namesPerCause);

    public static string ServerName(LiteServerTask task) =>
        FirstNonBlank(task.ServerName, task.ServerId, task.Id) ?? "unnamed server";

    private static void AddSample(List<string> names, LiteServerTask task, int max)
    {
        if (names.Count < max)
        {
            names.Add(ServerName(task));
        }
    }

    private static string? FirstNonBlank(params ReadOnlySpan<string?> values)
    {
        foreach (var value in values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }
        return null;
    }
}
