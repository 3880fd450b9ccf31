using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Watching;

/// <summary>
/// What the list API said of one job, as much as tells whether it changed: failed nodes, status and last update. A row
/// that differs from the one kept is the only reason to read a job in full.
/// </summary>
public sealed record FeedRow(string JobId, int? AbnormalCount, string? Status, long? UpdatedAtMs)
{
    public static FeedRow Of(LiteServerJobSummary row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new FeedRow(row.Id ?? "", row.AbnormalCount, row.Status, row.UpdatedAt?.ToUnixTimeMilliseconds());
    }
}
