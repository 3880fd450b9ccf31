namespace ChatOpsBot.ModelArts.Models;

/// <summary>Filters of the list API; a null filter is not sent. <paramref name="Id"/> follows the job id rules.</summary>
public sealed record LiteServerJobQuery(string? Status = null, string? Name = null, string? Type = null, string? Id = null);
