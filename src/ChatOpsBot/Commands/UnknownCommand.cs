namespace ChatOpsBot.Commands;

/// <summary>Text the bot does not understand, or a card action it does not know.</summary>
public sealed record UnknownCommand : BotCommand;
