using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ChatOpsBot.Cards;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// Decides what a conversation should hear about a job, and words it. Pure: the same snapshots give the same news.
/// News is measured against what the conversation was last told, never against what was last seen, so a change is
/// announced once however many polls see it, and a change that could not be sent is sent later.
/// </summary>
public sealed class JobChangeDetector
{
    private const int ReasonsInText = 3;
    private const int ReasonLengthInText = 80;

    public JobNotification? Detect(JobSnapshot? lastNotified, LiteServerJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Detect(lastNotified, JobSnapshot.From(job), LabelOf(job));
    }

    /// <param name="lastNotified">What the conversation was last told; null when nothing (no failures, not ended).</param>
    /// <param name="jobLabel">How the text names the job (see <see cref="LabelOf"/>).</param>
    public JobNotification? Detect(JobSnapshot? lastNotified, JobSnapshot current, string jobLabel)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (lastNotified is not null && JobStatuses.IsTerminal(lastNotified.Status))
        {
            return null;
        }
        if (JobStatuses.IsTerminal(current.Status))
        {
            return Ended(current, jobLabel);
        }
        var alreadyTold = lastNotified?.FailedTasks ?? 0;
        if (current.FailedTasks <= alreadyTold)
        {
            return null;
        }
        var newFailures = current.FailedTasks - alreadyTold;
        var reasons = NewReasons(lastNotified, current);
        var text = alreadyTold == 0
            ? $"🔴 {Count(newFailures, "new failed task")} on job {jobLabel}"
            : $"🔴 {Count(newFailures, "more failed task")} on job {jobLabel} ({current.FailedTasks} in all)";
        return new JobNotification(JobNotificationKind.NewFailures, text + ReasonsText(reasons, newFailures), EndsWatch: false, current);
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

    // The new failures of each message: how much its count grew since the conversation was told.
    private static List<FailureReason> NewReasons(JobSnapshot? lastNotified, JobSnapshot current)
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
        grown.Sort((a, b) => b.Count != a.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.Message, b.Message));
        return grown;
    }

    // ": driver mismatch on 3 servers; disk full on 1 server; other errors on 4 servers", or nothing when no task
    // carried a reason (a job without tasks, counted by abnormal_count).
    private static string ReasonsText(IReadOnlyList<FailureReason> reasons, int failures)
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
