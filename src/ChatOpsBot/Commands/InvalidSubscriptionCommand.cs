namespace ChatOpsBot.Commands;

/// <summary>
/// A subscription verb (<c>subscribe</c>, <c>unsubscribe</c>, <c>mute</c>…) with words it cannot use.
/// <paramref name="Reason"/> is a sentence that says what to type; it never repeats the input.
/// </summary>
public sealed record InvalidSubscriptionCommand(string Verb, string Reason) : BotCommand;
