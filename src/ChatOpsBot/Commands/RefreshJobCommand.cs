namespace ChatOpsBot.Commands;

/// <summary>The card's Refresh (or Retry) button: fetch the job again and update that same card in place.</summary>
public sealed record RefreshJobCommand(string JobId) : BotCommand;
