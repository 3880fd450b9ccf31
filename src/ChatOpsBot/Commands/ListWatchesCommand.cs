namespace ChatOpsBot.Commands;

/// <summary><c>watching</c>: the jobs this conversation watches.</summary>
public sealed record ListWatchesCommand : BotCommand;
