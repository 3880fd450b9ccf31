namespace ChatOpsBot.Watching;

/// <summary>How many failed tasks share one failure message (the first line of the task's <c>message</c>).</summary>
public sealed record FailureReason(string Message, int Count);
