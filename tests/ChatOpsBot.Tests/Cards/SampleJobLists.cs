using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Cards;

/// <summary>Rows of the list API for the job list card: a busy project, and a few jobs.</summary>
internal static class SampleJobLists
{
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 42, 0, TimeSpan.Zero);

    /// <summary>
    /// 37 jobs: <c>train-…-NN</c> updated N minutes ago, every third with failed nodes, every fifth finished, one deleted,
    /// one with a 120-character name without spaces, one with no name, one whose time is ahead of the clock.
    /// </summary>
    public static List<LiteServerJobSummary> Busy()
    {
        var rows = Enumerable.Range(1, 37).Select(n => new LiteServerJobSummary
        {
            Id = $"job-{n:D2}",
            Name = $"train-llama-shard-{n:D2}",
            Status = n % 5 == 0 ? "FINISHED" : "PROCESSING",
            AbnormalCount = n % 3 == 0 ? n * 7 : 0,
            Type = "COMMON",
            UpdatedAt = Now - TimeSpan.FromMinutes(n),
        }).ToList();
        rows[1] = rows[1] with { Name = "hdk-upgrade-" + new string('x', 108) };
        rows[3] = rows[3] with { Name = null };
        rows[6] = rows[6] with { Status = "DELETED" };
        rows[8] = rows[8] with { Status = "FAILED", AbnormalCount = 1_204 };
        return rows;
    }

    /// <summary>Two failing jobs named <c>train-bert…</c>: the answer to <c>jobs failed name train-bert</c>.</summary>
    public static List<LiteServerJobSummary> FailedTrainBert() =>
    [
        new() { Id = "proj-train-bert-large", Name = "train-bert-large", Status = "PROCESSING", AbnormalCount = 4, UpdatedAt = Now - TimeSpan.FromMinutes(2) },
        new() { Id = "proj-train-bert-base", Name = "train-bert-base", Status = "FINISHED", AbnormalCount = 1, UpdatedAt = Now - TimeSpan.FromHours(5) },
    ];
}
