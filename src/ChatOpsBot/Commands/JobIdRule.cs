using ChatOpsBot.ModelArts.Client;

namespace ChatOpsBot.Commands;

/// <summary>
/// What a Lite Server job id may be, as the API documents it (1 to 64 characters) plus what a path segment can carry:
/// no whitespace, no control characters, not <c>.</c> or <c>..</c>, and well-formed text.
/// </summary>
public static class JobIdRule
{
    public const int MaxLength = LiteServerIds.MaxLength;

    /// <summary>A real id from the API reference, used in every example the bot shows.</summary>
    public const string Example = "0319470a-7fad-452e-bff0-d3ba3bd83955";

    /// <summary>The sentence that tells a user what a job id looks like.</summary>
    public const string Description =
        "A job id is 1–64 characters with no spaces or control characters, for example " + Example + ".";

    public static bool IsValid(string? jobId) => FindProblem(jobId) is null;

    /// <summary>
    /// Null when the id is valid; otherwise a sentence for the user that never repeats the id itself. The API's rules
    /// are the client's (<see cref="LiteServerIds"/>); a chat message adds one: an id has no whitespace in it.
    /// </summary>
    public static string? FindProblem(string? jobId) =>
        jobId is { Length: <= MaxLength } && jobId.Any(char.IsWhiteSpace)
            ? "A job id has no spaces in it."
            : LiteServerIds.FindJobIdProblem(jobId);
}
