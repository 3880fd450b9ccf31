using System.Collections.ObjectModel;
using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>The job's work on one server (<c>DevServerTaskResponse</c>).</summary>
public sealed record LiteServerTask
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("server_id")] public string? ServerId { get; init; }
    [JsonPropertyName("server_name")] public string? ServerName { get; init; }
    [JsonPropertyName("status"), JsonConverter(typeof(RecurringStringConverter))] public string? Status { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }

    [JsonPropertyName("cloud_server"), JsonConverter(typeof(StringMapConverter))]
    public IReadOnlyDictionary<string, string> CloudServer { get; init => field = value ?? ReadOnlyDictionary<string, string>.Empty; }
        = ReadOnlyDictionary<string, string>.Empty;

    [JsonPropertyName("create_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("update_at"), JsonConverter(typeof(FlexibleTimestampConverter))]
    public DateTimeOffset? UpdatedAt { get; init; }
}
