using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>The error answer of ModelArts and of the API gateway: <c>{"error_code":"…","error_msg":"…"}</c>.</summary>
internal sealed record ModelArtsErrorBody
{
    [JsonPropertyName("error_code")] public string? ErrorCode { get; init; }
    [JsonPropertyName("error_msg")] public string? ErrorMessage { get; init; }
}
