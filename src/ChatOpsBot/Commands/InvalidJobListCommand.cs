namespace ChatOpsBot.Commands;

/// <summary><c>jobs</c> with words it cannot read. <paramref name="Reason"/> is a sentence that never repeats the input.</summary>
public sealed record InvalidJobListCommand(string Reason) : BotCommand;
