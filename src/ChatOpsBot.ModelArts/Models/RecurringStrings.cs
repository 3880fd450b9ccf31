using System.Text.Json;

namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// The strings that come back in every task of a job (statuses, the <c>cloud_server</c> keys and server types), read
/// as one shared instance each instead of a new string per task: 10,000 tasks, 10,000 fewer copies of each.
/// </summary>
internal static class RecurringStrings
{
    private static readonly (byte[] Utf8, string Text)[] Known = [.. new[]
    {
        JobStatuses.Processing, JobStatuses.Finished, JobStatuses.Active, JobStatuses.Failed, JobStatuses.Deleted,
        JobStatuses.TaskSuccess, JobStatuses.TaskSkipped, "id", "type", "BMS", "ECS",
    }.Distinct(StringComparer.Ordinal).Select(text => (System.Text.Encoding.UTF8.GetBytes(text), text))];

    // Longer than any known string even when escaped (\uXXXX is 6 bytes a character): no need to compare.
    private const int MaxKnownRawLength = 6 * 10;

    /// <summary>The current JSON string or property name; the shared instance when it is a known one.</summary>
    /// <exception cref="InvalidOperationException">The token is not a string (the serializer reports it with its path).</exception>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
            && (reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= MaxKnownRawLength)
        {
            foreach (var (utf8, text) in Known)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return text;
                }
            }
        }
        return reader.GetString()!;
    }
}
