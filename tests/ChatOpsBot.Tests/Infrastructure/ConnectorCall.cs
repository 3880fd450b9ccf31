using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>One request the bot made to the fake connector, as received.</summary>
public sealed record ConnectorCall(
    string Method,
    string ConversationId,
    string? ActivityId,
    JsonNode Activity,
    string Authorization,
    int AnsweredStatus)
{
    /// <summary>When the connector received the call (its own clock, before reading the body).</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    public string? Text => Activity["text"]?.GetValue<string>();

    public string? Summary => Activity["summary"]?.GetValue<string>();

    /// <summary>What the message says first: its text, or for a card alone the text of the card's first element.</summary>
    public string? Said => Text ?? Card?["body"]?.AsArray().FirstOrDefault()?["text"]?.GetValue<string>();

    /// <summary>The first Adaptive Card attachment's content, or null.</summary>
    public JsonNode? Card => Activity["attachments"]?.AsArray()
        .FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"];
}
