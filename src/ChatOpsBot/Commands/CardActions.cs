namespace ChatOpsBot.Commands;

/// <summary>
/// The data of the cards' <c>Action.Submit</c> buttons: <c>{"action":"refresh"|"watch"|"unwatch"|"show","jobId":"…"}</c>.
/// The cards write it and <see cref="CommandParser.ParseAction"/> reads it back, so both use these names.
/// </summary>
public static class CardActions
{
    public const string ActionKey = "action";
    public const string JobIdKey = "jobId";

    public const string Refresh = "refresh";
    public const string Watch = "watch";
    public const string Unwatch = "unwatch";

    /// <summary>A row of the job list: answers with that job's card, as a new message (the list stays).</summary>
    public const string Show = "show";
}
