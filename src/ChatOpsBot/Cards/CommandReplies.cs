using ChatOpsBot.Commands;

namespace ChatOpsBot.Cards;

/// <summary>
/// Short text answers (a text message reads better than a card for a typo) to commands the bot could not act on.
/// They never repeat what the user typed.
/// </summary>
public static class CommandReplies
{
    public static string InvalidJobId(InvalidJobIdCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return $"{command.Reason} Type {command.Verb} followed by the job id, or paste the job's console link.";
    }

    public static string MissingJobId(MissingJobIdCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return $"Which job? Type {command.Verb} followed by the job id, for example: {command.Verb} {JobIdRule.Example}. " +
            "Pasting the job's console link works too.";
    }

    public static string Unknown() =>
        "Sorry, I did not understand that. I know: job ID, jobs, watch ID, unwatch ID, watching and help. " +
        $"For example: job {JobIdRule.Example}";
}
