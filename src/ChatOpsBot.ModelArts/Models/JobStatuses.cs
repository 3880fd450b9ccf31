namespace ChatOpsBot.ModelArts.Models;

/// <summary>
/// The status strings the API is known to send. The API page and its own example disagree (ACTIVE vs FINISHED),
/// so statuses stay strings: an unknown one is shown as it is, never rejected.
/// </summary>
public static class JobStatuses
{
    public const string Processing = "PROCESSING";
    public const string Finished = "FINISHED";
    public const string Active = "ACTIVE";
    public const string Failed = "FAILED";
    public const string Deleted = "DELETED";

    public const string TaskProcessing = "PROCESSING";
    public const string TaskSuccess = "SUCCESS";
    public const string TaskFailed = "FAILED";
    public const string TaskSkipped = "SKIPPED";

    /// <summary>True when the job will not change any more.</summary>
    public static bool IsTerminal(string? jobStatus) =>
        Is(jobStatus, Finished) || Is(jobStatus, Failed) || Is(jobStatus, Deleted);

    public static bool Is(string? actual, string expected) =>
        string.Equals(actual?.Trim(), expected, StringComparison.OrdinalIgnoreCase);
}
