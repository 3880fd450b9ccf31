using System.Globalization;

namespace ChatOpsBot.Commands;

/// <summary>
/// What a Lite Server job id may be, as the API documents it (1 to 64 characters) plus what a path segment can carry:
/// no whitespace, no control characters, not <c>.</c> or <c>..</c>, and well-formed text.
/// </summary>
public static class JobIdRule
{
    public const int MaxLength = 64;

    /// <summary>A real id from the API reference, used in every example the bot shows.</summary>
    public const string Example = "0319470a-7fad-452e-bff0-d3ba3bd83955";

    /// <summary>The sentence that tells a user what a job id looks like.</summary>
    public const string Description =
        "A job id is 1–64 characters with no spaces or control characters, for example " + Example + ".";

    public static bool IsValid(string? jobId) => FindProblem(jobId) is null;

    /// <summary>Null when the id is valid; otherwise a sentence for the user that never repeats the id itself.</summary>
    public static string? FindProblem(string? jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return "The job id is empty.";
        }
        if (jobId.Length > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"That id is {jobId.Length:N0} characters long; the most is {MaxLength}.");
        }
        if (jobId is "." or "..")
        {
            return "\".\" and \"..\" are not job ids.";
        }
        for (var i = 0; i < jobId.Length; i++)
        {
            var c = jobId[i];
            if (char.IsWhiteSpace(c))
            {
                return "A job id has no spaces in it.";
            }
            if (char.IsControl(c))
            {
                return "That id contains a control character.";
            }
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < jobId.Length && char.IsLowSurrogate(jobId[i + 1]))
                {
                    i++;
                    continue;
                }
                return "That id contains a broken character.";
            }
        }
        return null;
    }
}
