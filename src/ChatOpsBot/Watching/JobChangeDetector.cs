using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// The definition of news, and its words. Pure (no clock, no I/O): what a conversation was last told and the job now
/// give the same news every time. News is measured against what the conversation was last told, never against a count:
/// <list type="bullet">
/// <item>new failures: tasks FAILED now that were not FAILED in the snapshot last told (by task id; by server when the id
/// is missing), so a task that recovers and fails again is news;</item>
/// <item>the end: the job reached a final status (a watch always hears it);</item>
/// <item>gone: the job answers not-found while the project can still be read (<see cref="NotVisible"/>).</item>
/// </list>
/// Once news is recorded, the job as read becomes the snapshot last told (the store keeps both in one transaction), so a
/// task that recovered leaves the snapshot and its next failure is new again.
/// </summary>
public sealed class JobChangeDetector
{
    private const int ReasonsInText = 3;
    private const int ReasonLengthInText = 80;

    /// <param name="lastNotified">What the conversation was last told; null when nothing (no failures, not ended).</param>
    /// <param name="tellsTheEnd">Whether this follower hears how the job ended (a watch always does).</param>
    public JobNotification? Detect(JobSnapshot? lastNotified, LiteServerJob job, bool tellsTheEnd = true)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (lastNotified is not null && JobStatuses.IsTerminal(lastNotified.Status))
        {
            return null;
        }
        var causes = FailedTaskCauses.Of(job);
        var current = JobSnapshot.From(job, causes);
        var label = LabelOf(job);
        if (JobStatuses.IsTerminal(current.Status) && tellsTheEnd)
        {
            return Ended(current, label);
        }
        var alreadyTold = lastNotified?.FailedTasks ?? 0;
        var (newFailures, reasons) = lastNotified?.FailedTaskKeys is { } toldKeys && job.Tasks.Count > 0
            ? NewFailedTasks(FailedTaskKeys.Decode(toldKeys), causes)
            : GrownCounts(lastNotified, current);
        if (newFailures <= 0)
        {
            return null;
        }
        var text = alreadyTold == 0
            ? $"🔴 {Count(newFailures, "new failed task")} on job {label}"
            : $"🔴 {Count(newFailures, "more failed task")} on job {label} ({current.FailedTasks} in all)";
        // After the first news, a cause the conversation has not heard of is said to be new: "8 more: RoCE link down
        // on eth‹n›" is the same trouble spreading, "new cause: …" is a different one.
        var toldCauses = alreadyTold == 0 ? null : lastNotified;
        return new JobNotification(JobNotificationKind.NewFailures, text + ReasonsText(reasons, newFailures, toldCauses), EndsWatch: false, current);
    }

    /// <summary>
    /// For <c>watch &lt;id&gt;</c>: a job that already ended is not watched; <paramref name="reason"/> then says how it
    /// ended, ready to show.
    /// </summary>
    public bool CanWatch(LiteServerJob job, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(job);
        var snapshot = JobSnapshot.From(job);
        if (!JobStatuses.IsTerminal(snapshot.Status))
        {
            reason = null;
            return true;
        }
        reason = $"{Ended(snapshot, LabelOf(job)).Text}. Nothing to watch.";
        return false;
    }

    /// <summary>The API answered 404 or 403 for a watched job.</summary>
    public JobNotification NotVisible(string jobId, ModelArtsErrorKind kind)
    {
        var why = kind == ModelArtsErrorKind.Forbidden ? "access to it is denied" : "it was not found";
        return new JobNotification(JobNotificationKind.JobNotVisible,
            $"⚠️ Stopped watching job {TeamsText.Escape(jobId)}: ModelArts no longer shows it ({why})", EndsWatch: true, Snapshot: null);
    }

    public JobNotification Expired(string jobId, TimeSpan maxAge) =>
        new(JobNotificationKind.WatchExpired,
            $"⏱️ Stopped watching job {TeamsText.Escape(jobId)} after {DurationText(maxAge)}; send \"watch {TeamsText.Escape(jobId)}\" to keep watching it",
            EndsWatch: true, Snapshot: null);

    /// <summary>The job's name when it has one (what people recognise), else its id; escaped for a Teams text message.</summary>
    public static string LabelOf(LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return TeamsText.Escape(!string.IsNullOrWhiteSpace(job.Name) ? job.Name.Trim() : job.Id ?? "(no id)");
    }

    private static JobNotification Ended(JobSnapshot job, string label)
    {
        if (JobStatuses.Is(job.Status, JobStatuses.Deleted))
        {
            return new JobNotification(JobNotificationKind.JobDeleted, $"🗑️ Job {label} was deleted", EndsWatch: true, job);
        }
        var failedStatus = JobStatuses.Is(job.Status, JobStatuses.Failed);
        string text;
        if (job.FailedTasks > 0)
        {
            var of = job.TotalTasks > 0 ? $" of {job.TotalTasks}" : "";
            text = $"{(failedStatus ? "❌" : "⚠️")} Job {label} {(failedStatus ? "failed" : "finished")} with " +
                   $"{Count(job.FailedTasks, "failed task")}{of}{ReasonsText(job.FailureReasons, job.FailedTasks)}";
        }
        else if (failedStatus)
        {
            text = $"❌ Job {label} failed";
        }
        else if (job.TotalTasks == 0)
        {
            text = $"✅ Job {label} finished";
        }
        else if (job.SucceededTasks == job.TotalTasks)
        {
            text = job.TotalTasks == 1
                ? $"✅ Job {label} finished: its task succeeded"
                : $"✅ Job {label} finished: all {job.TotalTasks} tasks succeeded";
        }
        else
        {
            var skipped = job.SkippedTasks > 0 ? $", {job.SkippedTasks} skipped" : "";
            text = $"✅ Job {label} finished: {job.SucceededTasks} of {job.TotalTasks} tasks succeeded{skipped}";
        }
        return new JobNotification(failedStatus ? JobNotificationKind.JobFailed : JobNotificationKind.JobFinished, text,
            EndsWatch: true, job);
    }

    // The FAILED tasks whose key the conversation was not told, grouped by cause (a task without id or server is
    // counted by message growth, as it cannot be told apart).
    private static (int Count, List<FailureReason> Reasons) NewFailedTasks(ulong[] toldKeys, FailedTaskCauses causes)
    {
        var byReason = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        for (var i = 0; i < causes.Failed.Count; i++)
        {
            if (FailedTaskKeys.KeyOf(causes.Failed[i]) is { } key && Array.BinarySearch(toldKeys, key) >= 0)
            {
                continue;
            }
            count++;
            var reason = JobSnapshot.ReasonOf(causes.CauseOf(i).Template);
            byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
        }
        return (count, Sorted(byReason.Select(r => new FailureReason(r.Key, r.Value))));
    }

    // Snapshots stored before task keys were kept, and jobs that come without tasks (counted by abnormal_count): the
    // growth of the failed count, and of each message's count.
    private static (int Count, List<FailureReason> Reasons) GrownCounts(JobSnapshot? lastNotified, JobSnapshot current)
    {
        var grown = new List<FailureReason>();
        foreach (var reason in current.FailureReasons)
        {
            var added = reason.Count - (lastNotified?.FailuresWith(reason.Message) ?? 0);
            if (added > 0)
            {
                grown.Add(reason with { Count = added });
            }
        }
        return (current.FailedTasks - (lastNotified?.FailedTasks ?? 0), Sorted(grown));
    }

    private static List<FailureReason> Sorted(IEnumerable<FailureReason> reasons)
    {
        var list = reasons.ToList();
        list.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Message, b.Message));
        return list;
    }

    // ": driver mismatch on 3 servers; disk full on 1 server; other errors on 4 servers", or nothing when no task
    // carried a reason (a job without tasks, counted by abnormal_count).
    private static string ReasonsText(IReadOnlyList<FailureReason> reasons, int failures, JobSnapshot? toldCauses = null)
    {
        if (reasons.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder(": ");
        var described = 0;
        foreach (var reason in reasons.Take(ReasonsInText))
        {
            if (described > 0)
            {
                text.Append("; ");
            }
            if (toldCauses is not null && toldCauses.FailuresWith(reason.Message) == 0)
            {
                text.Append("new cause: ");
            }
            text.Append(TeamsText.Escape(Shorten(reason.Message))).Append(" on ").Append(Count(reason.Count, "server"));
            described += reason.Count;
        }
        if (failures > described)
        {
            text.Append("; other errors on ").Append(Count(failures - described, "server"));
        }
        return text.ToString();
    }

    private static string Shorten(string message) =>
        message.Length == 0 ? "no error message"
        : message.Length <= ReasonLengthInText ? message
        : string.Concat(message.AsSpan(0, ReasonLengthInText - 1), "…");

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string DurationText(TimeSpan age) =>
        age.TotalDays >= 1 && age.Ticks % TimeSpan.TicksPerDay == 0 ? Count((int)age.TotalDays, "day")
        : age.TotalHours >= 1 && age.Ticks % TimeSpan.TicksPerHour == 0 ? Count((int)age.TotalHours, "hour")
        : Count((int)Math.Ceiling(age.TotalMinutes), "minute");
}
