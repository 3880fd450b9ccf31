using System.Text.Json.Serialization;

namespace ChatOpsBot.Cards.Model;

/// <summary>
/// Plain text inside a <see cref="RichTextBlock"/>. Adaptive Cards never read a TextRun as Markdown, so text from the
/// API ("driver_version_mismatch", "[click](…)") shows exactly as it came.
/// </summary>
public sealed record TextRun(string Text)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "TextRun";

    public TextSize? Size { get; init; }
    public TextWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
}
