namespace ChatOpsBot.Simulator.Tests;

/// <summary>Histories move only when the simulator's clock moves, from the job's first request on.</summary>
public sealed class ScriptedHistoryTests
{
    [Fact]
    public async Task Fail_then_finish_history_goes_running_then_3_then_5_failures_then_finished()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var id = ScriptedHistory.FailThenFinishId;

        var seen = new List<(string? Status, int Failed)>();
        foreach (var minutes in new[] { 0, 2, 1, 3, 3 })
        {
            simulator.Time.Advance(TimeSpan.FromMinutes(minutes));
            var job = await simulator.Client.GetJobAsync(id, CancellationToken.None);
            seen.Add((job.Status, job.Tasks.Count(t => t.Status == "FAILED")));
        }

        Assert.Equal(
            [("PROCESSING", 0), ("PROCESSING", 0), ("PROCESSING", 3), ("PROCESSING", 5), ("FINISHED", 5)],
            seen);
    }

    [Fact]
    public async Task History_stands_still_while_the_clock_does()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var first = await simulator.Client.GetJobAsync(ScriptedHistory.SucceedsId, CancellationToken.None);
        var again = await simulator.Client.GetJobAsync(ScriptedHistory.SucceedsId, CancellationToken.None);
        simulator.Time.Advance(TimeSpan.FromMinutes(6));
        var finished = await simulator.Client.GetJobAsync(ScriptedHistory.SucceedsId, CancellationToken.None);

        Assert.Equal("PROCESSING", first.Status);
        Assert.Equal(first.UpdatedAt, again.UpdatedAt);
        Assert.Equal("FINISHED", finished.Status);
        Assert.All(finished.Tasks, t => Assert.Equal("SUCCESS", t.Status));
    }

    [Fact]
    public async Task Reset_starts_histories_again_at_their_next_request()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        await simulator.Client.GetJobAsync(ScriptedHistory.SucceedsId, CancellationToken.None);
        simulator.Time.Advance(TimeSpan.FromMinutes(10));
        simulator.Host.Catalog.ResetHistories();

        var job = await simulator.Client.GetJobAsync(ScriptedHistory.SucceedsId, CancellationToken.None);

        Assert.Equal("PROCESSING", job.Status);
    }
}
