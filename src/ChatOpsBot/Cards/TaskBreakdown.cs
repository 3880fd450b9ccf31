using System.Runtime.InteropServices;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Cards;

/// <summary>
/// One pass over a job's tasks: counts by status, the first few running and skipped servers, and the failed tasks
/// grouped by their (whitespace-normalized) message. Linear in the tasks, whatever their number or messages.
/// </summary>
internal sealed class TaskBreakdown
{
    public const string NoMessage = "(no message)";

    private readonly IReadOnlyList<LiteServerTask?> _tasks;
    private readonly string?[] _failureKeys;
    private readonly Dictionary<string, int> _failureCounts = new(StringComparer.Ordinal);

    private TaskBreakdown(IReadOnlyList<LiteServerTask?> tasks, int sampleNames)
    {
        _tasks = tasks;
        _failureKeys = new string?[tasks.Count];
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
                var key = CardText.Collapse(task.Message);
                _failureKeys[i] = key.Length == 0 ? NoMessage : key;
                CollectionsMarshal.GetValueRefOrAddDefault(_failureCounts, _failureKeys[i]!, out _)++;
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

    /// <summary>How many distinct messages the failed tasks have.</summary>
    public int FailureMessages => _failureCounts.Count;

    public IReadOnlyList<string> RunningServers { get; }
    public IReadOnlyList<string> SkippedServers { get; }

    public static TaskBreakdown Of(IReadOnlyList<LiteServerTask?>? tasks, int sampleNames) => new(tasks ?? [], sampleNames);

    public static string ServerName(LiteServerTask task) =>
        FirstNonBlank(task.ServerName, task.ServerId, task.Id) ?? "unnamed server";

    /// <summary>The largest groups first, ties by message (ordinal), each with its first <paramref name="namesPerGroup"/> servers in task order.</summary>
    public IReadOnlyList<FailureGroup> LargestFailureGroups(int maxGroups, int namesPerGroup)
    {
        var top = new List<KeyValuePair<string, int>>(maxGroups + 1);
        foreach (var group in _failureCounts)
        {
            if (top.Count == maxGroups && !Precedes(group, top[^1]))
            {
                continue;
            }
            var at = top.Count;
            while (at > 0 && Precedes(group, top[at - 1]))
            {
                at--;
            }
            top.Insert(at, group);
            if (top.Count > maxGroups)
            {
                top.RemoveAt(top.Count - 1);
            }
        }

        var names = new Dictionary<string, List<string>>(top.Count, StringComparer.Ordinal);
        foreach (var (message, _) in top)
        {
            names[message] = new List<string>(namesPerGroup);
        }
        for (var i = 0; i < _failureKeys.Length; i++)
        {
            if (_failureKeys[i] is { } key && names.TryGetValue(key, out var list) && list.Count < namesPerGroup)
            {
                list.Add(ServerName(_tasks[i]!));
            }
        }
        return top.ConvertAll(group => new FailureGroup(group.Key, group.Value, names[group.Key]));
    }

    private static bool Precedes(KeyValuePair<string, int> a, KeyValuePair<string, int> b) =>
        a.Value > b.Value || (a.Value == b.Value && string.CompareOrdinal(a.Key, b.Key) < 0);

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
