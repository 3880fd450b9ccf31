using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// One line per connector call, saying what a user would see: a posted text, or a card (its status line and buttons)
/// posted or updated in place. Lists of these lines compare whole conversations at once, with readable failures.
/// </summary>
internal static class ConnectorCallText
{
    public static string Describe(this ConnectorCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var what = call.Card is { } card ? $"card {FirstLine(card)} [{string.Join(", ", card.CardButtons().Select(b => b.Title))}]" : call.Text;
        var target = call.Method == "PUT" ? $"PUT {call.ActivityId}" : "POST";
        var answered = call.AnsweredStatus is 200 or 201 ? "" : $" → {(call.AnsweredStatus == 0 ? "no answer" : call.AnsweredStatus)}";
        return $"{target} {what}{answered}";
    }

    private static string? FirstLine(System.Text.Json.Nodes.JsonNode card)
    {
        var texts = card.CardTexts();
        return texts.Count > 0 ? texts[0] : null;
    }

    public static IReadOnlyList<string> Describe(this IEnumerable<ConnectorCall> calls) => [.. calls.Select(Describe)];
}
