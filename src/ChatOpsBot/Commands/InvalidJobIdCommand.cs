namespace ChatOpsBot.Commands;

/// <summary>
/// A job verb whose id is not a valid job id. <paramref name="Reason"/> is a sentence for the user that says what a
/// job id looks like; it never repeats the input.
/// </summary>
public sealed record InvalidJobIdCommand(string Verb, string Reason) : BotCommand;
