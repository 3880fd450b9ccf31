using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>Source-generated metadata: no reflection at run time, and a 10,000-task job reads in milliseconds.</summary>
[JsonSerializable(typeof(LiteServerJob))]
[JsonSerializable(typeof(LiteServerJobPage))]
[JsonSerializable(typeof(ModelArtsErrorBody))]
internal sealed partial class ModelArtsJsonContext : JsonSerializerContext;
