namespace ChatOpsBot.Commands;

/// <summary><c>jobs [failed|running|finished] [name &lt;prefix&gt;]</c>: the project's jobs, most recently updated first.</summary>
public sealed record ListJobsCommand(JobListFilter Filter) : BotCommand;
