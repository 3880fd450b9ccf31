using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Commands;

/// <summary>
/// What <c>jobs [failed|running|finished] [name &lt;prefix&gt;]</c> asks for. "Failed" means the list API's
/// <c>abnormal_count</c> (failed nodes) is above zero, whatever the status; "running" is PROCESSING, "finished" FINISHED.
/// The list API matches names only whole, so the prefix is matched here.
/// </summary>
public sealed record JobListFilter(JobListStatus Status = JobListStatus.All, string? NamePrefix = null)
{
    /// <summary>The query sent to the list API: the status when the API can filter by it, nothing else.</summary>
    public LiteServerJobQuery ApiQuery => Status switch
    {
        JobListStatus.Running => new LiteServerJobQuery(Status: JobStatuses.Processing),
        JobListStatus.Finished => new LiteServerJobQuery(Status: JobStatuses.Finished),
        _ => new LiteServerJobQuery(),
    };

    public bool Matches(LiteServerJobSummary row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var status = Status switch
        {
            JobListStatus.Failed => row.AbnormalCount > 0,
            JobListStatus.Running => JobStatuses.Is(row.Status, JobStatuses.Processing),
            JobListStatus.Finished => JobStatuses.Is(row.Status, JobStatuses.Finished),
            _ => true,
        };
        return status && (NamePrefix is null || (row.Name?.StartsWith(NamePrefix, StringComparison.OrdinalIgnoreCase) ?? false));
    }
}
