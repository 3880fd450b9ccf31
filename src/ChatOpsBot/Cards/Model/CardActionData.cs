using System.Text.Json.Serialization;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Cards.Model;

/// <summary>
/// What a submit button sends: <c>{"action":"refresh"|"watch"|"unwatch","jobId":"…"}</c>.
/// <see cref="CommandParser.ParseAction"/> reads it back.
/// </summary>
public sealed record CardActionData(
    [property: JsonPropertyName(CardActions.ActionKey)] string Action,
    [property: JsonPropertyName(CardActions.JobIdKey)] string JobId);
