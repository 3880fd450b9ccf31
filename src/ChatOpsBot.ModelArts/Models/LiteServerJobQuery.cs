namespace ChatOpsBot.ModelArts.Models;

/// <summary>Filters of the list API; a null filter is not sent.</summary>
public sealed record LiteServerJobQuery(string? Status = null, string? Name = null, string? Type = null);
