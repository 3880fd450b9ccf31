using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Tests.Cards;

/// <summary>The jobs of a burst from the 4th on, as the project history's pool-b upgrades fail.</summary>
internal static class SampleDigests
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 7, 0, TimeSpan.Zero);

    public static List<LiteServerJobSummary> Burst(int count) =>
    [
        .. Enumerable.Range(4, count).Select(n => new LiteServerJobSummary
        {
            Id = n < 10 ? $"proj-hdk-upgrade-pool-b-0{n}" : $"proj-hdk-upgrade-pool-b-{n}",
            Name = n < 10 ? $"hdk-upgrade-pool-b-0{n}" : $"hdk-upgrade-pool-b-{n}",
            Type = "ASCEND_HDK_UPGRADE",
            Status = "PROCESSING",
            AbnormalCount = n,
            UpdatedAt = Start + TimeSpan.FromSeconds(5 * (n - 3)),
        }),
    ];
}
