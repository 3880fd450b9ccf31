using ChatOpsBot.ModelArts.Models;

namespace ChatOpsBot.Simulator;

/// <summary>The job as it is from <paramref name="At"/> after its history started; built for the step's instant.</summary>
public sealed record HistoryStep(TimeSpan At, Func<DateTimeOffset, LiteServerJob> Job);
