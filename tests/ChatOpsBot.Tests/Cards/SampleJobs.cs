using System.Globalization;
using System.Text.Json;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Cards;

/// <summary>The jobs the card tests build cards for: the API reference's sample and jobs a user will meet.</summary>
internal static class SampleJobs
{
    public const string DriverMismatch = "Driver mismatch: expected 24.1.0.3, found 23.0.6";
    public const string NpuNotResponding = "npu-smi: device 3 not responding";
    public const string SshTimeout = "Timed out after 600 s waiting for SSH";

    /// <summary>The sample response of "Querying Lite Server Job Details" (TestData/seed-job.json).</summary>
    public static LiteServerJob Seed() =>
        JsonSerializer.Deserialize<LiteServerJob>(File.ReadAllText(RepositoryPaths.TestData("seed-job.json")))!;

    /// <summary>
    /// 256 tasks on a running job: 227 failed under five messages (one written with odd whitespace in 10 tasks, one
    /// missing in 5, two single ones that tie), 20 succeeded, 6 running, 3 skipped.
    /// </summary>
    public static LiteServerJob ManyFailures()
    {
        var tasks = new List<LiteServerTask>();
        for (var i = 0; i < 256; i++)
        {
            var (status, message) = i switch
            {
                < 120 => ("FAILED", DriverMismatch),
                < 130 => ("FAILED", "Driver  mismatch:\n expected 24.1.0.3,\tfound 23.0.6 "),
                < 190 => ("FAILED", NpuNotResponding),
                < 220 => ("FAILED", SshTimeout),
                < 225 => ("FAILED", null),
                225 => ("FAILED", "Disk full on /var/log"),
                226 => ("FAILED", "Cannot mount /mnt/data"),
                < 247 => ("SUCCESS", "Driver: 24.1.0.3 | Firmware: 7.5.0.5.220"),
                < 253 => ("PROCESSING", null),
                _ => ("SKIPPED", "Server is in maintenance"),
            };
            tasks.Add(Task(i, status, message));
        }
        return Job("driver-upgrade", "PROCESSING", tasks) with
        {
            Type = "ASCEND_DRIVER_UPGRADE",
            AbnormalCount = 227,
            Description = "Upgrade the Ascend driver on the a2 pool.",
            Items = [new LiteServerJobItem { Type = "HDK_UPGRADE", Spec = new Dictionary<string, string> { ["driver_version"] = "24.1.0.3", ["firmware_version"] = "7.5.0.5.220" } }],
        };
    }

    /// <summary>120 tasks: 3 failed, 100 succeeded, 17 still running.</summary>
    public static LiteServerJob Running()
    {
        var tasks = Enumerable.Range(0, 120).Select(i => i switch
        {
            < 3 => Task(i, "FAILED", NpuNotResponding),
            < 103 => Task(i, "SUCCESS", "ok"),
            _ => Task(i, "PROCESSING", null),
        }).ToList();
        return Job("nightly-health-check", "PROCESSING", tasks) with { AbnormalCount = 3 };
    }

    public static LiteServerJob UnknownStatus() =>
        Job("log-collect", "QUEUED_FOR_MAINTENANCE", [Task(0, "WAITING", null), Task(1, "WAITING", null)]);

    /// <summary>
    /// 960 failed tasks whose messages differ only in numbers: 900 servers with ECC errors on NPU 0–7 (each with its
    /// own timestamp and code) and 60 with a RoCE link down on eth0–7; 64 succeeded.
    /// </summary>
    public static LiteServerJob NumbersOnlyFailures() =>
        Job("fleet-health-check", "FAILED", Enumerable.Range(0, 1_024).Select(i => i switch
        {
            < 900 => Task(i, "FAILED", string.Create(CultureInfo.InvariantCulture,
                $"[2026-11-29 10:{i % 60:00}:{i * 7 % 60:00}] npu-smi: ECC uncorrectable error on NPU {i % 8}, code 0x{i * 7919 % 65536:x4}")),
            < 960 => Task(i, "FAILED", string.Create(CultureInfo.InvariantCulture, $"hccn_tool: RoCE link down on eth{i % 8}")),
            _ => Task(i, "SUCCESS", "ok"),
        }).ToList()) with { AbnormalCount = 960 };

    /// <summary>10,000 failed tasks, every one with its own message.</summary>
    public static LiteServerJob TenThousandDistinctFailures() =>
        Job("fleet-audit", "FINISHED", Enumerable.Range(0, 10_000)
            .Select(i => Task(i, "FAILED", string.Create(CultureInfo.InvariantCulture,
                $"Checksum mismatch in shard {i:00000}: expected 9f2c{i:x4}, found 0000{i:x4}; see /var/log/ascend/audit-{i:00000}.log")))
            .ToList()) with { AbnormalCount = 10_000 };

    /// <summary>
    /// Every field at its worst: text that JSON escapes to 6 bytes a character, far longer than any limit, 10,000 tasks
    /// with 10,000 different 2,000-character messages, many items with many spec entries.
    /// </summary>
    public static LiteServerJob Hostile()
    {
        static string Worst(int length, int seed) => string.Create(length, seed, (span, s) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = "<>&'\"\\+`"[(i + s) % 8];
            }
        });
        var tasks = Enumerable.Range(0, 10_000).Select(i => new LiteServerTask
        {
            Id = Worst(200, i),
            ServerName = Worst(300, i) + i.ToString(CultureInfo.InvariantCulture),
            Status = i % 10 == 0 ? "PROCESSING" : i % 10 == 1 ? "SKIPPED" : "FAILED",
            Message = i.ToString(CultureInfo.InvariantCulture) + Worst(2_000, i),
        }).ToList();
        return new LiteServerJob
        {
            Id = Worst(500, 1),
            Name = Worst(1_000, 2),
            Status = Worst(300, 3),
            Type = Worst(300, 4),
            UserName = Worst(300, 5),
            TemplateId = Worst(300, 6),
            Description = Worst(5_000, 7),
            AbnormalCount = int.MaxValue,
            CreatedAt = DateTimeOffset.MinValue,
            UpdatedAt = DateTimeOffset.MaxValue,
            Items = Enumerable.Range(0, 50).Select(i => new LiteServerJobItem
            {
                Type = Worst(300, i),
                Spec = Enumerable.Range(0, 50).ToDictionary(k => Worst(100, k) + k.ToString(CultureInfo.InvariantCulture), k => Worst(500, k)),
            }).ToList(),
            Tasks = tasks,
        };
    }

    public static LiteServerJob Job(string name, string status, IReadOnlyList<LiteServerTask> tasks) => new()
    {
        Id = "7d2f0c1e-5b8a-4c3d-9e6f-1a2b3c4d5e6f",
        Name = name,
        Status = status,
        Type = "ASCEND_HEALTH_CHECK",
        TemplateId = "2b087a09-e90d-414c-9b15-ffec45e400e7",
        UserName = "modelarts_user",
        CreatedAt = Now - TimeSpan.FromHours(2),
        UpdatedAt = Now - TimeSpan.FromMinutes(4),
        Tasks = tasks,
    };

    /// <summary>"Now" for the synthetic jobs.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 46, 0, TimeSpan.Zero);

    public static LiteServerTask Task(int i, string status, string? message) => new()
    {
        Id = string.Create(CultureInfo.InvariantCulture, $"task-{i:0000}"),
        ServerId = string.Create(CultureInfo.InvariantCulture, $"srv-{i:0000}"),
        ServerName = string.Create(CultureInfo.InvariantCulture, $"lite-a2-node-{i:000}"),
        Status = status,
        Message = message,
    };
}
