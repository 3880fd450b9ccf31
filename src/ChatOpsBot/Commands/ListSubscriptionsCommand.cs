namespace ChatOpsBot.Commands;

/// <summary><c>subscriptions</c>: this conversation's subscriptions, numbered.</summary>
public sealed record ListSubscriptionsCommand : BotCommand;
