namespace ChatOpsBot.Commands;

/// <summary>What a user asked the bot for, independent of how it arrived (typed text or a card button).</summary>
public abstract record BotCommand;
