using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>Lite Server jobs as the API would return them, one task per server.</summary>
internal static class Jobs
{
    public const string Id = "0319470a-7fad-452e-bff0-d3ba3bd83955";
    public const string Name = "nightly-driver-check";

    /// <param name="failed">Failed tasks by message, in task order.</param>
    public static LiteServerJob Make(string status, int succeeded = 0, int processing = 0, int skipped = 0,
        (string Message, int Count)[]? failed = null, string id = Id, string? name = Name)
    {
        var tasks = new List<LiteServerTask>();
        void Add(string taskStatus, string? message)
        {
            var n = tasks.Count;
            tasks.Add(new LiteServerTask
            {
                Id = $"task-{n:D5}",
                ServerId = $"server-{n:D5}",
                ServerName = $"liteserver-a2-{n:D5}",
                Status = taskStatus,
                Message = message,
            });
        }
        foreach (var (message, count) in failed ?? [])
        {
            for (var i = 0; i < count; i++)
            {
                Add(JobStatuses.TaskFailed, message);
            }
        }
        for (var i = 0; i < succeeded; i++)
        {
            Add(JobStatuses.TaskSuccess, "Driver: 24.1.0.3 | Firmware: 7.5.0.5.220");
        }
        for (var i = 0; i < processing; i++)
        {
            Add(JobStatuses.TaskProcessing, null);
        }
        for (var i = 0; i < skipped; i++)
        {
            Add(JobStatuses.TaskSkipped, null);
        }
        return new LiteServerJob
        {
            Id = id,
            Name = name,
            Type = "ASCEND_SOFTWARE_QUERY",
            Status = status,
            AbnormalCount = failed?.Sum(f => f.Count) ?? 0,
            Tasks = tasks,
        };
    }
}
