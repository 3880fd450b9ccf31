namespace ChatOpsBot.Commands;

/// <summary><c>job &lt;id&gt;</c> (also <c>jobs</c>, <c>status</c>): post the job's card.</summary>
public sealed record ShowJobCommand(string JobId) : BotCommand;
