namespace ChatOpsBot.Commands;

/// <summary>
/// Reads the words after <c>jobs</c>: a status word and <c>name &lt;prefix&gt;</c>, in any order. A single word that is
/// neither but is a job id still shows that job, as <c>jobs &lt;id&gt;</c> always has.
/// </summary>
internal static class JobListParser
{
    /// <summary>Longer than any job name the console accepts; a prefix is the start of one.</summary>
    public const int MaxPrefixLength = 64;

    public const string Usage = "Type jobs, optionally followed by failed, running or finished, and by name and the start of a job's name, " +
        "for example: jobs failed name train-";

    /// <param name="words">The message's words, the verb first.</param>
    /// <param name="truncated">The message was cut: its last word may not be whole.</param>
    /// <param name="showJob">What a single job id after <c>jobs</c> means.</param>
    public static BotCommand Parse(string[] words, bool truncated, Func<BotCommand> showJob)
    {
        if (truncated)
        {
            return new InvalidJobListCommand("That message is too long to read. " + Usage);
        }
        var status = JobListStatus.All;
        string? prefix = null;
        for (var i = 1; i < words.Length; i++)
        {
            var word = CommandWords.Unwrap(words[i]);
            if (word.Length == 0)
            {
                continue;
            }
            if (StatusOf(word) is { } named)
            {
                if (status != JobListStatus.All && status != named)
                {
                    return new InvalidJobListCommand("Pick one of failed, running or finished. " + Usage);
                }
                status = named;
                continue;
            }
            if (word.Equals("name", StringComparison.OrdinalIgnoreCase) || word.Equals("named", StringComparison.OrdinalIgnoreCase))
            {
                var value = i + 1 < words.Length ? CommandWords.Unwrap(words[i + 1]) : "";
                if (value.Length == 0)
                {
                    return new InvalidJobListCommand("Which name? After name, type the start of a job's name. " + Usage);
                }
                if (value.Length > MaxPrefixLength)
                {
                    return new InvalidJobListCommand($"A name is at most {MaxPrefixLength} characters. " + Usage);
                }
                if (prefix is not null)
                {
                    return new InvalidJobListCommand("Give one name. " + Usage);
                }
                prefix = value;
                i++;
                continue;
            }
            // "jobs 0319…", "jobs id: 0319…" and "jobs <console link>" read a job, as they did before jobs listed.
            var firstWord = status == JobListStatus.All && prefix is null && i == 1;
            return firstWord && (words.Length == 2 || word.Equals("id", StringComparison.OrdinalIgnoreCase))
                ? showJob()
                : new InvalidJobListCommand("I did not understand that filter. " + Usage);
        }
        return new ListJobsCommand(new JobListFilter(status, prefix));
    }

    private static JobListStatus? StatusOf(string word) => word.ToLowerInvariant() switch
    {
        "failed" or "failing" or "failures" => JobListStatus.Failed,
        "running" or "processing" => JobListStatus.Running,
        "finished" or "done" or "ended" => JobListStatus.Finished,
        "all" => JobListStatus.All,
        _ => null,
    };
}
