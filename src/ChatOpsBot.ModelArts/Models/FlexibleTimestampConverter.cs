using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// The API documents <c>create_at</c>/<c>update_at</c> as strings but sends epoch milliseconds.
/// Accepts a number, a numeric string, or an ISO 8601 string; anything else reads as "unknown" (null), never an error.
/// </summary>
public sealed class FlexibleTimestampConverter : JsonConverter<DateTimeOffset?>
{
    // Year 1 to 9999 in epoch milliseconds; outside it DateTimeOffset would throw.
    private const long MinEpochMs = -62_135_596_800_000;
    private const long MaxEpochMs = 253_402_300_799_999;

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var ms):
                return FromEpochMs(ms);
            case JsonTokenType.Number when reader.TryGetDouble(out var msDouble) && double.IsFinite(msDouble):
                return msDouble is >= MinEpochMs and <= MaxEpochMs ? FromEpochMs((long)msDouble) : null;
            case JsonTokenType.String:
                return FromString(reader.GetString());
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } instant)
        {
            writer.WriteNumberValue(instant.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static DateTimeOffset? FromString(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return FromEpochMs(ms);
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? FromEpochMs(long ms) =>
        ms is >= MinEpochMs and <= MaxEpochMs ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
