namespace ChatOpsBot.FailureCauses;

/// <summary>
/// Failed tasks that went wrong the same way.
/// </summary>
/// <param name="Key">
/// 16 hex digits, a hash of the template's token form: the same messages give the same key in any order, in any process,
/// after a restart, and more tasks of the same template keep it.
/// </param>
/// <param name="Template">The lead line with the varying parts as placeholders: <c>ECC uncorrectable on NPU ‹n›</c>.</param>
/// <param name="Count">How many tasks.</param>
/// <param name="Servers">The first servers, in the order their tasks were added (at most <see cref="CauseGrouperOptions.ServersPerCause"/>).</param>
/// <param name="Variables">The values seen in each variable part of the template, in order.</param>
/// <param name="Example">One full message of this cause, all its lines (the same one whatever the order of the messages).</param>
public sealed record FailureCause(
    string Key,
    string Template,
    int Count,
    IReadOnlyList<string> Servers,
    IReadOnlyList<VariableSummary> Variables,
    string Example);
