using System.Net;

namespace ChatOpsBot.Simulator;

/// <summary>What the simulator answers for one job id.</summary>
public abstract record SimulatedAnswer
{
    private SimulatedAnswer()
    {
    }

    /// <summary>200 with the job's JSON.</summary>
    public sealed record Job(string Json) : SimulatedAnswer;

    /// <summary>An error body with its status (and Retry-After when throttled).</summary>
    public sealed record Failure(SimulatedError Detail) : SimulatedAnswer;

    /// <summary>The job, after <see cref="SimulatorOptions.SlowDelay"/>.</summary>
    public sealed record Slow(string Json) : SimulatedAnswer;

    /// <summary>A body that breaks the contract (not JSON, or JSON of the wrong shape).</summary>
    public sealed record Raw(HttpStatusCode Status, string ContentType, string Body) : SimulatedAnswer;
}
