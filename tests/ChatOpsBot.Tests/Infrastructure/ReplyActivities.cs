using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>Reads what a user would see in a reply activity: its text, its card's text, its buttons.</summary>
public static class ReplyActivities
{
    public static JsonNode? Card(this JsonObject activity) =>
        activity["attachments"]?.AsArray()
            .FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"];

    public static string? Text(this JsonObject activity) => activity["text"]?.GetValue<string>();

    public static string? Summary(this JsonObject activity) => activity["summary"]?.GetValue<string>();

    /// <summary>All the words a card shows, in reading order (TextBlock text and TextRun text).</summary>
    public static IReadOnlyList<string> CardTexts(this JsonNode? card)
    {
        var texts = new List<string>();
        Walk(card?["body"], texts);
        return texts;
    }

    /// <summary>The card's buttons: (type, title, data.action).</summary>
    public static IReadOnlyList<(string Type, string Title, string? Action)> CardButtons(this JsonNode? card) =>
        [.. (card?["actions"]?.AsArray() ?? []).Select(a => (
            a!["type"]!.GetValue<string>(),
            a["title"]!.GetValue<string>(),
            a["data"]?["action"]?.GetValue<string>()))];

    private static void Walk(JsonNode? node, List<string> texts)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, texts);
                }
                break;
            case JsonObject obj:
                var type = obj["type"]?.GetValue<string>();
                if (type is "TextBlock" or "TextRun" && obj["text"]?.GetValue<string>() is { } text)
                {
                    texts.Add(text);
                }
                foreach (var child in new[] { "items", "inlines", "columns", "facts", "body" })
                {
                    Walk(obj[child], texts);
                }
                if (type is null && obj["title"] is not null && obj["value"] is not null)
                {
                    texts.Add($"{obj["title"]}: {obj["value"]}");
                }
                break;
        }
    }
}
