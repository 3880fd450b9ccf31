namespace ChatOpsBot.ModelArts.Client;

/// <summary>
/// The API's rules for the ids that go into a request path. Checked before any request, so a user's typing can never
/// change which URL is called or spend a signed request on an id the API would refuse.
/// </summary>
public static class LiteServerIds
{
    public const int MaxLength = 64;

    /// <summary>Project ids: 1 to 64 ASCII letters, digits or '-'.</summary>
    public static bool IsValidProjectId(string? projectId) =>
        projectId is { Length: > 0 and <= MaxLength } && projectId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>Why a job id would be refused, in a sentence for the user; null when it is fine.</summary>
    public static string? FindJobIdProblem(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return "The job id is empty.";
        }
        if (jobId.Length > MaxLength)
        {
            return $"A job id has at most {MaxLength} characters.";
        }
        if (jobId is "." or "..")
        {
            return "A job id cannot be '.' or '..'.";
        }
        if (jobId.Any(char.IsControl))
        {
            return "A job id cannot contain control characters.";
        }
        // A lone surrogate would be sent as U+FFFD: a different id from the one asked for.
        if (!IsWellFormedUtf16(jobId))
        {
            return "The job id is not valid Unicode text.";
        }
        return null;
    }

    public static bool IsValidJobId(string? jobId) => FindJobIdProblem(jobId) is null;

    private static bool IsWellFormedUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
