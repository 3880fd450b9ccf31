using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>A page of the list API: <c>{current, pages, size, total, data}</c>.</summary>
public sealed record LiteServerJobPage
{
    [JsonPropertyName("current")] public int? Current { get; init; }
    [JsonPropertyName("pages")] public int? Pages { get; init; }
    [JsonPropertyName("size")] public int? Size { get; init; }
    [JsonPropertyName("total")] public int? Total { get; init; }
    [JsonPropertyName("data")] public IReadOnlyList<LiteServerJobSummary> Data { get; init => field = NullTolerance.Compact(value); } = [];
}
