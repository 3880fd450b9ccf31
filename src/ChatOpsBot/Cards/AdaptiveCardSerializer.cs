using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ChatOpsBot.Cards.Model;

namespace ChatOpsBot.Cards;

/// <summary>Writes the card model as the compact JSON Teams expects: camelCase, enum values as names, nulls left out.</summary>
public static class AdaptiveCardSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Every script stays readable (and 2–3 bytes, not 6) while HTML-significant characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string ToJson(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return JsonSerializer.Serialize(card, Options);
    }

    /// <summary>The card's size as it is measured against the budget: UTF-8 bytes of <see cref="ToJson"/>.</summary>
    public static int Utf8Length(AdaptiveCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return JsonSerializer.SerializeToUtf8Bytes(card, Options).Length;
    }

    internal static int Utf8Length(CardElement element) => JsonSerializer.SerializeToUtf8Bytes(element, Options).Length;
}
