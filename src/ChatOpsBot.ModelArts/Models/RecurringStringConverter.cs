using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>A status string, read through <see cref="RecurringStrings"/>: a known one is shared, not copied per task.</summary>
public sealed class RecurringStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RecurringStrings.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
