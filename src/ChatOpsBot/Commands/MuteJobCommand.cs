namespace ChatOpsBot.Commands;

/// <summary><c>mute &lt;id&gt;</c>: this conversation's subscriptions say nothing more about that job.</summary>
public sealed record MuteJobCommand(string JobId) : BotCommand;
