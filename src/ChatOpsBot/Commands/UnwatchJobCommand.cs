namespace ChatOpsBot.Commands;

/// <summary><c>unwatch &lt;id&gt;</c> or the card's Unwatch button.</summary>
public sealed record UnwatchJobCommand(string JobId) : BotCommand;
