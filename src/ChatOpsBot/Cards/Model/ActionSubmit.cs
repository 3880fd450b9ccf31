namespace ChatOpsBot.Cards.Model;

/// <summary>
/// A button that sends <see cref="Data"/> back to the bot as a message's <c>value</c>. Used rather than
/// <c>Action.Execute</c>, which Teams mobile does not handle reliably.
/// </summary>
public sealed record ActionSubmit(string Title, CardActionData Data) : CardAction(Title);
