using System.Globalization;
using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Benchmarks;

/// <summary>The jobs measured: the API reference's sample, and 10,000 failed tasks with 10,000 different messages.</summary>
internal static class BenchmarkJobs
{
    public static LiteServerJob Seed() => new()
    {
        Id = "0319470a-7fad-452e-bff0-d3ba3bd83955",
        Name = "software-query",
        Description = "Query Huawei Cloud AI software.",
        Type = "ASCEND_SOFTWARE_QUERY",
        Status = "FINISHED",
        TemplateId = "2b087a09-e90d-414c-9b15-ffec45e400e7",
        UserName = "modelarts_user",
        AbnormalCount = 0,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1757558550702),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1757558564458),
        Items = [new LiteServerJobItem { Type = "HDK_QUERY" }],
        Tasks =
        [
            new LiteServerTask
            {
                Id = "0319470a-2524-4b1e-bb91-09e776701d78",
                ServerId = "3384bdb0-2d31-4fe9-946e-09e776701d78",
                ServerName = "liteserver-a2-aiserver-test",
                CloudServer = new Dictionary<string, string> { ["id"] = "0c12a47a-0103-4fdb-bf85-7a09a8f53ac9", ["type"] = "BMS" },
                Status = "SUCCESS",
                Message = "Driver: 24.1.0.3 | Firmware: 7.5.0.5.220",
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1757558550733),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1757558564470),
            },
        ],
    };

    public static LiteServerJob TenThousandDistinctFailures() => new()
    {
        Id = "7d2f0c1e-5b8a-4c3d-9e6f-1a2b3c4d5e6f",
        Name = "fleet-audit",
        Type = "ASCEND_HEALTH_CHECK",
        Status = "FINISHED",
        AbnormalCount = 10_000,
        CreatedAt = DateTimeOffset.UnixEpoch.AddYears(56),
        UpdatedAt = DateTimeOffset.UnixEpoch.AddYears(56).AddHours(2),
        Tasks = Enumerable.Range(0, 10_000).Select(i => new LiteServerTask
        {
            Id = Format($"task-{i:00000}"),
            ServerName = Format($"lite-a2-node-{i:00000}"),
            Status = "FAILED",
            Message = Format($"Checksum mismatch in shard {i:00000}: expected 9f2c{i:x4}, found 0000{i:x4}; see /var/log/ascend/audit-{i:00000}.log"),
        }).ToList(),
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
