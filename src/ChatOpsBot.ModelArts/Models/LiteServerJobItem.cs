using System.Collections.ObjectModel;
using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>One task instance of a job (<c>DevServerJobItem</c>): a fine-grained type and its parameters.</summary>
public sealed record LiteServerJobItem
{
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("spec"), JsonConverter(typeof(StringMapConverter))]
    public IReadOnlyDictionary<string, string> Spec { get; init => field = value ?? ReadOnlyDictionary<string, string>.Empty; }
        = ReadOnlyDictionary<string, string>.Empty;
}
