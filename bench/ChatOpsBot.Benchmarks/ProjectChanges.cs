using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// The changes the subscriptions benchmark makes to the generated project, round after round: jobs that get their
/// first failed task, one job that fails again (in the first round one that was failing before anyone subscribed; then
/// one that failed in the round before, whose later news goes into its thread), and jobs that only move on (a task
/// finishes), news to nobody. Never the same job twice for a first failure or a move.
/// </summary>
internal sealed class ProjectChanges(int jobs, DateTimeOffset generatedAt)
{
    private const string Message = "HCCL timeout: rank 3 lost its heartbeat";
    private readonly HashSet<int> _used = [];
    private readonly Dictionary<int, LiteServerJob> _current = [];
    private int _next;
    private int? _failedLastRound;

    public RoundChanges Next(int changes, int failing, DateTimeOffset now)
    {
        var firstFailures = Enumerable.Range(0, failing).Select(_ => WithOneMoreFailure(Fresh(), now)).ToList();
        // The first round: a job failing since before the subscriptions (every 7th is) gets one more failed task.
        var againNumber = _failedLastRound ?? 7;
        var again = WithOneMoreFailure(againNumber, now);
        var moved = Enumerable.Range(0, changes - failing - 1).Select(_ => MovedOn(Fresh(), now)).ToList();
        var changed = new RoundChanges(firstFailures, again, _failedLastRound is not null, moved);
        _failedLastRound = NumberOf(firstFailures[0]);
        return changed;
    }

    private static int NumberOf(LiteServerJob job) => int.Parse(job.Id!.AsSpan(ProjectJobs.Prefix.Length), System.Globalization.CultureInfo.InvariantCulture);

    // A job not failing (every 7th is) and not changed before, walking the project with a stride prime to its size.
    private int Fresh()
    {
        var stride = 1237;
        while (Gcd(stride, jobs) != 1)
        {
            stride++;
        }
        while (true)
        {
            var number = 1 + (int)((long)_next++ * stride % jobs);
            if (number % 7 != 0 && _used.Add(number))
            {
                return number;
            }
        }
    }

    private LiteServerJob Job(int number) =>
        _current.TryGetValue(number, out var job) ? job
        : ProjectJobs.TryCreate(ProjectJobs.IdOf(number), jobs, generatedAt, out var generated) ? generated
        : throw new InvalidOperationException($"Job {number} is not in the project.");

    private LiteServerJob WithOneMoreFailure(int number, DateTimeOffset now)
    {
        var job = Job(number);
        var tasks = job.Tasks.ToList();
        var index = tasks.FindIndex(t => t.Status != JobStatuses.TaskFailed);
        tasks[index] = tasks[index] with { Status = JobStatuses.TaskFailed, Message = Message };
        return _current[number] = job with { Tasks = tasks, AbnormalCount = tasks.Count(t => t.Status == JobStatuses.TaskFailed), UpdatedAt = now };
    }

    private LiteServerJob MovedOn(int number, DateTimeOffset now)
    {
        var job = Job(number);
        var tasks = job.Tasks.ToList();
        var index = tasks.FindIndex(t => t.Status == JobStatuses.TaskProcessing);
        if (index >= 0)
        {
            tasks[index] = tasks[index] with { Status = JobStatuses.TaskSuccess, Message = "done" };
        }
        return _current[number] = job with { Tasks = tasks, UpdatedAt = now };
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
