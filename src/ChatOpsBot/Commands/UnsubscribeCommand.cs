namespace ChatOpsBot.Commands;

/// <summary><c>unsubscribe [&lt;n&gt;]</c>: the number is the one <c>subscriptions</c> shows; null = the only one, or the list to pick from.</summary>
public sealed record UnsubscribeCommand(int? Number) : BotCommand;
