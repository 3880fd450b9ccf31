namespace ChatOpsBot.Commands;

/// <summary><c>watch &lt;id&gt;</c> or the card's Watch button: tell this conversation when the job fails or ends.</summary>
public sealed record WatchJobCommand(string JobId) : BotCommand;
