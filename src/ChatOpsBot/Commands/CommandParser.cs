using System.Text.Json;

namespace ChatOpsBot.Commands;

/// <summary>
/// Reads what a user typed to the bot (Teams HTML, mentions and all) or what a card button sent, into a
/// <see cref="BotCommand"/>. Never throws: anything it cannot read is an <see cref="UnknownCommand"/>.
/// </summary>
public static class CommandParser
{
    /// <summary>Only this much of a message is read; a command is a few words, and the work stays bounded.</summary>
    public const int MaxInputLength = 4_000;

    public static BotCommand Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new HelpCommand();
        }
        var truncated = text.Length > MaxInputLength;
        var words = MessageText.ToPlainText(truncated ? text[..MaxInputLength] : text)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new HelpCommand();
        }
        var verb = ReadVerb(words[0]);
        return verb switch
        {
            "job" or "status" => WithJobId(verb, words, truncated, id => new ShowJobCommand(id)),
            "jobs" => words.Length == 1
                ? new ListJobsCommand(new JobListFilter())
                : JobListParser.Parse(words, truncated, () => WithJobId(verb, words, truncated, id => new ShowJobCommand(id))),
            "watch" => WithJobId(verb, words, truncated, id => new WatchJobCommand(id)),
            "unwatch" => WithJobId(verb, words, truncated, id => new UnwatchJobCommand(id)),
            "watching" or "watches" => new ListWatchesCommand(),
            "help" or "?" or "hi" or "hello" or "hey" => new HelpCommand(),
            _ => new UnknownCommand(),
        };
    }

    /// <summary>
    /// Reads the <c>value</c> of an <c>Action.Submit</c> (or the <c>data</c> of an <c>Action.Execute</c>) as JSON:
    /// <c>{"action":"refresh"|"watch"|"unwatch"|"show","jobId":"…"}</c>, see <see cref="CardActions"/>.
    /// </summary>
    public static BotCommand ParseAction(string? valueJson)
    {
        if (string.IsNullOrWhiteSpace(valueJson) || valueJson.Length > MaxInputLength)
        {
            return new UnknownCommand();
        }
        try
        {
            using var document = JsonDocument.Parse(valueJson, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(CardActions.ActionKey, out var action) || action.ValueKind != JsonValueKind.String
                || !root.TryGetProperty(CardActions.JobIdKey, out var jobIdElement) || jobIdElement.ValueKind != JsonValueKind.String)
            {
                return new UnknownCommand();
            }
            var jobId = jobIdElement.GetString();
            if (jobId is null || !JobIdRule.IsValid(jobId))
            {
                return new UnknownCommand();
            }
            return action.GetString() switch
            {
                CardActions.Refresh => new RefreshJobCommand(jobId),
                CardActions.Watch => new WatchJobCommand(jobId),
                CardActions.Unwatch => new UnwatchJobCommand(jobId),
                CardActions.Show => new ShowJobCommand(jobId),
                _ => new UnknownCommand(),
            };
        }
        catch (Exception error) when (error is JsonException or ArgumentException)
        {
            // ArgumentException: text that is not valid UTF-16 (a lone surrogate, which a JSON "\ud800" escape yields).
            return new UnknownCommand();
        }
    }

    private static string ReadVerb(string word)
    {
        if (word == "?")
        {
            return word;
        }
        return word.AsSpan().TrimStart('/').TrimEnd(CommandWords.TrailingWrappers).ToString().ToLowerInvariant();
    }

    internal static BotCommand WithJobId(string verb, string[] words, bool truncated, Func<string, BotCommand> command)
    {
        var index = 1;
        var token = "";
        for (; index < words.Length && token.Length == 0; index++)
        {
            token = CommandWords.Unwrap(words[index]);
            // "job id: 0319…" reads the same as "job 0319…".
            if (token.Equals("id", StringComparison.OrdinalIgnoreCase) && index + 1 < words.Length)
            {
                token = "";
            }
        }
        if (token.Length == 0)
        {
            return truncated
                ? new InvalidJobIdCommand(verb, "That message is too long to read. " + JobIdRule.Description)
                : new MissingJobIdCommand(verb);
        }
        // The last word of a cut message may go on past the cut: it is not a whole id.
        if (truncated && index == words.Length)
        {
            return new InvalidJobIdCommand(verb, "That id is too long. " + JobIdRule.Description);
        }
        var jobId = token;
        if (JobLink.LooksLikeLink(token))
        {
            if (!JobLink.TryReadJobId(token, out jobId))
            {
                return new InvalidJobIdCommand(verb,
                    "That link has no job id in it. " + JobIdRule.Description + " A link to the job in the ModelArts console works too.");
            }
            jobId = CommandWords.Unwrap(jobId);
        }
        var problem = JobIdRule.FindProblem(jobId);
        return problem is null ? command(jobId) : new InvalidJobIdCommand(verb, problem + " " + JobIdRule.Description);
    }
}
