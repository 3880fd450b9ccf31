using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>One row of the project-wide list API, <c>GET /v1/{project_id}/dev-servers/jobs</c>.</summary>
public sealed record LiteServerJobSummary
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("user_name")] public string? UserName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("abnormal_count")] public int? AbnormalCount { get; init; }

    [JsonPropertyName("create_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("update_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }
}
