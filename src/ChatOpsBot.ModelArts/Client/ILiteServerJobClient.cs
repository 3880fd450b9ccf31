using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>The Lite Server job API. Every failure surfaces as <see cref="ModelArtsApiException"/>.</summary>
public interface ILiteServerJobClient
{
    /// <summary><c>GET /v1/{project_id}/dev-servers/jobs/{id}</c>.</summary>
    Task<LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary><c>GET /v1/{project_id}/dev-servers/jobs</c> with the given filters.</summary>
    Task<LiteServerJobPage> ListJobsAsync(LiteServerJobQuery query, CancellationToken cancellationToken);
}
