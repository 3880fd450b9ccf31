using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// A Lite Server job, as <c>GET /v1/{project_id}/dev-servers/jobs/{id}</c> returns it.
/// Every field may be missing; statuses are kept as the strings the API sent (see <see cref="JobStatuses"/>).
/// </summary>
public sealed record LiteServerJob
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("template_id")] public string? TemplateId { get; init; }
    [JsonPropertyName("user_name")] public string? UserName { get; init; }
    [JsonPropertyName("abnormal_count")] public int? AbnormalCount { get; init; }

    [JsonPropertyName("create_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("update_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("items")] public IReadOnlyList<LiteServerJobItem> Items { get; init => field = NullTolerance.Compact(value); } = [];
    [JsonPropertyName("tasks")] public IReadOnlyList<LiteServerTask> Tasks { get; init => field = NullTolerance.Compact(value); } = [];
}
