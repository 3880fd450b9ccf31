namespace ChatOpsBot.Commands;

/// <summary>A job verb (<c>job</c>, <c>watch</c>, <c>unwatch</c>…) with no id after it.</summary>
public sealed record MissingJobIdCommand(string Verb) : BotCommand;
