using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Benchmarks;

/// <summary>One round's changes: the jobs with first failures, the one failing again (with a thread to reply in or not), the ones that moved on.</summary>
internal sealed record RoundChanges(IReadOnlyList<LiteServerJob> FirstFailures, LiteServerJob Again, bool AgainHasThread, IReadOnlyList<LiteServerJob> MovedOn)
{
    public IEnumerable<LiteServerJob> All => [.. FirstFailures, Again, .. MovedOn];

    /// <summary>The jobs a subscription reads in full this round: those with failed tasks.</summary>
    public int Failing => FirstFailures.Count + 1;
}
