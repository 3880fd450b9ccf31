namespace ChatOpsBot.Commands;

/// <summary><c>help</c>, <c>?</c>, a greeting, or a bare @mention.</summary>
public sealed record HelpCommand : BotCommand;
