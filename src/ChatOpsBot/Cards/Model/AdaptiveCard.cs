using System.Text.Json.Serialization;

namespace ChatOpsBot.Cards.Model;

/// <summary>The root of an Adaptive Card 1.5 (the highest version Teams renders), full width in Teams.</summary>
public sealed record AdaptiveCard([property: JsonPropertyOrder(1)] IReadOnlyList<CardElement> Body)
{
    public const string SchemaVersion = "1.5";

    [JsonPropertyOrder(-1)]
    public string Type { get; } = "AdaptiveCard";

    public string Version { get; init; } = SchemaVersion;

    [JsonPropertyOrder(2)]
    public IReadOnlyList<CardAction>? Actions { get; init; }

    /// <summary>What a client that cannot render the card shows instead.</summary>
    [JsonPropertyOrder(3)]
    public string? FallbackText { get; init; }

    [JsonPropertyName("msteams"), JsonPropertyOrder(4)]
    public TeamsCardProperties MsTeams { get; init; } = TeamsCardProperties.FullWidth;
}
