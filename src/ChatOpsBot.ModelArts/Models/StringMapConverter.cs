using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// <c>spec</c> and <c>cloud_server</c> are documented as <c>Map&lt;String,String&gt;</c>; a value of another JSON type
/// is kept as its JSON text rather than failing the whole job. A missing or non-object map reads as empty.
/// </summary>
public sealed class StringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override bool HandleNull => true;

    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return SmallStringMapEmpty;
        }
        // Most maps have a few entries (cloud_server: id and type, on every task): gathered on the stack, then kept
        // in one array of the right length. A larger one becomes a dictionary.
        var few = new InlineEntries();
        var count = 0;
        Dictionary<string, string>? many = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = RecurringStrings.Read(ref reader);
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => RecurringStrings.Read(ref reader),
                JsonTokenType.Null => "",
                _ => JsonElement.ParseValue(ref reader).GetRawText(),
            };
            if (many is not null)
            {
                many[key] = value;
                continue;
            }
            var at = IndexOf(few, count, key);
            if (at >= 0)
            {
                few[at] = new(key, value);
            }
            else if (count < SmallStringMap.MaxEntries)
            {
                few[count++] = new(key, value);
            }
            else
            {
                many = new Dictionary<string, string>(2 * SmallStringMap.MaxEntries, StringComparer.Ordinal);
                foreach (var (k, v) in ((ReadOnlySpan<KeyValuePair<string, string>>)few)[..count])
                {
                    many[k] = v;
                }
                many[key] = value;
            }
        }
        if (many is not null)
        {
            return many;
        }
        return count == 0 ? SmallStringMapEmpty : new SmallStringMap(((ReadOnlySpan<KeyValuePair<string, string>>)few)[..count].ToArray());
    }

    private static readonly SmallStringMap SmallStringMapEmpty = new([]);

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, string>> entries, int count, string key)
    {
        for (var i = 0; i < count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    [System.Runtime.CompilerServices.InlineArray(SmallStringMap.MaxEntries)]
    private struct InlineEntries
    {
        private KeyValuePair<string, string> _first;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }
}
