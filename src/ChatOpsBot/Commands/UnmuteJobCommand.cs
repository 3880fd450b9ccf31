namespace ChatOpsBot.Commands;

/// <summary><c>unmute &lt;id&gt;</c>: this conversation's subscriptions speak about that job again.</summary>
public sealed record UnmuteJobCommand(string JobId) : BotCommand;
