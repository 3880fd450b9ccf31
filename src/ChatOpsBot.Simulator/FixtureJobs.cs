using System.Globalization;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator;

/// <summary>Jobs built by code because they are large: deterministic, so tests and screenshots are repeatable.</summary>
public static class FixtureJobs
{
    /// <summary>
    /// <c>train-llama-256</c>: 256 servers, 70 failed with four distinct messages in groups of 47, 12, 8 and 3,
    /// 150 succeeded, 30 still running, 6 skipped. Its status is FAILED, as a job with failing tasks ends.
    /// </summary>
    public static LiteServerJob ManyFailures(DateTimeOffset now)
    {
        (int Count, string Status, string Message)[] groups =
        [
            (47, "FAILED", "driver mismatch: expected 24.1.0.3, found 23.0.6; run the HDK upgrade job first"),
            (12, "FAILED", "NPU health check failed: HBM ECC errors on device 3"),
            (8, "FAILED", "disk full: /var/log has 0 bytes free"),
            (3, "FAILED", "timeout: the server did not answer within 600 s"),
            (150, "SUCCESS", "pre-training environment ready"),
            (30, "PROCESSING", "pulling image swr.cn-north-4.myhuaweicloud.com/ai/llama:3.1"),
            (6, "SKIPPED", "server is in maintenance"),
        ];
        var tasks = new List<LiteServerTask>(256);
        foreach (var (count, status, message) in groups)
        {
            for (var i = 0; i < count; i++)
            {
                tasks.Add(Task(ManyFailuresId, tasks.Count + 1, "liteserver-a2-llama", (status, message), now - TimeSpan.FromMinutes(2)));
            }
        }
        return new LiteServerJob
        {
            Id = ManyFailuresId,
            Name = "train-llama-3.1-70b-env-prepare",
            Description = "Prepare the pre-training environment on the 256-server Llama pool.",
            Type = "ENV_PREPARE",
            Status = "FAILED",
            TemplateId = "9a7c4e21-3b6d-4f0e-8d15-6e2b9c0a4f77",
            UserName = "ml_platform",
            AbnormalCount = 70,
            CreatedAt = now - TimeSpan.FromMinutes(42),
            UpdatedAt = now - TimeSpan.FromMinutes(2),
            Items =
            [
                new LiteServerJobItem
                {
                    Type = "ENV_PREPARE",
                    Spec = new Dictionary<string, string>
                    {
                        ["image"] = "swr.cn-north-4.myhuaweicloud.com/ai/llama:3.1",
                        ["driver_version"] = "24.1.0.3",
                        ["parallelism"] = "32",
                    },
                },
            ],
            Tasks = tasks,
        };
    }

    /// <summary>
    /// <c>npu-fleet-check-1160</c>: 1,160 servers, every one failed with a realistic ModelArts message (npu-smi,
    /// hccn_tool, driver and firmware, ECC, link flaps, timeouts, SSH, some in Chinese) that differs from server to
    /// server in numbers, devices, addresses and timestamps: 22 causes. The messages are the fixture
    /// <c>Fixtures/causes/modelarts-failures.jsonl</c>, whose ground truth the FailureCauses tests check.
    /// </summary>
    public static LiteServerJob FleetCheck(DateTimeOffset now)
    {
        using var stream = typeof(FixtureJobs).Assembly.GetManifestResourceStream("causes.modelarts-failures.jsonl")!;
        using var reader = new StreamReader(stream);
        var tasks = new List<LiteServerTask>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            using var row = System.Text.Json.JsonDocument.Parse(line);
            tasks.Add(Task(JobCatalog.FleetCheckJobId, tasks.Count + 1, "lite-a2-fleet",
                ("FAILED", row.RootElement.GetProperty("message").GetString()!), now - TimeSpan.FromMinutes(3)));
        }
        return new LiteServerJob
        {
            Id = JobCatalog.FleetCheckJobId,
            Name = "npu-fleet-health-check",
            Description = "Health check of every NPU, RoCE link and driver in the a2 fleet.",
            Type = "ASCEND_HEALTH_CHECK",
            Status = "FAILED",
            UserName = "ml_platform",
            AbnormalCount = tasks.Count,
            CreatedAt = now - TimeSpan.FromMinutes(20),
            UpdatedAt = now - TimeSpan.FromMinutes(3),
            Tasks = tasks,
        };
    }

    /// <summary>One server's task, with realistic ids and a BMS behind it.</summary>
    public static LiteServerTask Task(string jobId, int n, string serverPrefix, (string Status, string Message) state, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var number = n.ToString("D3", CultureInfo.InvariantCulture);
        return new LiteServerTask
        {
            Id = $"{jobId}-task-{number}",
            ServerId = $"srv-{Stable(jobId, n):x8}",
            ServerName = $"{serverPrefix}-{number}",
            Status = state.Status,
            Message = state.Message,
            CloudServer = new Dictionary<string, string> { ["id"] = $"bms-{Stable(serverPrefix, n):x8}", ["type"] = "BMS" },
            CreatedAt = at - TimeSpan.FromMinutes(5),
            UpdatedAt = at,
        };
    }

    private const string ManyFailuresId = JobCatalog.ManyFailuresJobId;

    // A hash that is the same in every process (string.GetHashCode is randomized per process).
    private static uint Stable(string text, int n)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (hash ^ (uint)n) * 16777619u;
    }
}
