using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Simulator.Tests;

/// <summary><c>Simulator:ProjectHistorySpeed</c>: the same project history on a shorter timeline, through the signed client.</summary>
public sealed class ProjectHistorySpeedTests
{
    [Fact]
    public async Task At_ten_times_the_speed_every_step_comes_at_a_tenth_of_its_time()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectHistorySpeed = 10);
        var start = WholeSecond(simulator);

        var rows = new Dictionary<int, Dictionary<string, LiteServerJobSummary>>();
        // Just before and at minute 3 (18 s), minute 5 (30 s), minute 6 (36 s) and minute 9 (54 s) of the history.
        foreach (var second in new[] { 0, 17, 18, 29, 30, 36, 54 })
        {
            simulator.Time.SetUtcNow(start + TimeSpan.FromSeconds(second));
            rows[second] = await Rows(simulator);
        }

        Assert.Equal(0, rows[17][ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal(2, rows[18][ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal(2, rows[29][ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal(4, rows[30][ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal("PROCESSING", rows[30][ProjectHistory.TrainBertId].Status);
        Assert.Equal("DELETED", rows[36][ProjectHistory.DataCleanId].Status);
        Assert.Equal("FINISHED", rows[54][ProjectHistory.TrainBertId].Status);
        // A step's update time is when it happened on this timeline; the job was created 20 minutes / 10 before the start.
        Assert.Equal(start + TimeSpan.FromSeconds(18), rows[18][ProjectHistory.TrainBertId].UpdatedAt);
        Assert.Equal(start + TimeSpan.FromSeconds(30), rows[30][ProjectHistory.TrainBertId].UpdatedAt);
        Assert.All(rows.Values, seen => Assert.Equal(start - TimeSpan.FromMinutes(2), seen[ProjectHistory.TrainBertId].CreatedAt));
    }

    [Fact]
    public async Task A_detail_read_at_that_speed_says_what_the_list_says()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectHistorySpeed = 10);
        var start = WholeSecond(simulator);
        await Rows(simulator);
        simulator.Time.SetUtcNow(start + TimeSpan.FromSeconds(31));

        var listed = (await Rows(simulator))[ProjectHistory.TrainBertId];
        var bert = await simulator.Client.GetJobAsync(ProjectHistory.TrainBertId, CancellationToken.None);

        Assert.Equal(4, bert.AbnormalCount);
        Assert.Equal(4, bert.Tasks.Count(t => t.Status == "FAILED"));
        Assert.Equal(listed.UpdatedAt, bert.UpdatedAt);
        Assert.Equal(listed.CreatedAt, bert.CreatedAt);
    }

    [Fact]
    public async Task The_burst_keeps_its_order_within_a_tenth_of_its_time()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.ProjectHistorySpeed = 10);
        var start = WholeSecond(simulator);
        await Rows(simulator);

        // Minute 7:00 to 8:30 of the history: 42 s to 51 s.
        simulator.Time.SetUtcNow(start + TimeSpan.FromSeconds(41));
        var before = await Rows(simulator);
        simulator.Time.SetUtcNow(start + TimeSpan.FromSeconds(51));
        var after = await Rows(simulator);

        var burst = Enumerable.Range(1, ProjectHistory.BurstSize).Select(n => ProjectHistory.BurstPrefix + n).ToList();
        Assert.All(burst, id => Assert.Equal(0, before[id].AbnormalCount));
        Assert.Equal([1, 2, 3, 4, 5], burst.Select(id => after[id].AbnormalCount ?? 0));
        Assert.Equal(TimeSpan.FromSeconds(9), after[burst[^1]].UpdatedAt - after[burst[0]].UpdatedAt);
    }

    [Fact]
    public async Task At_the_default_speed_the_first_failures_still_come_at_minute_three()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var start = WholeSecond(simulator);
        await Rows(simulator);

        simulator.Time.SetUtcNow(start + TimeSpan.FromSeconds(179));
        var before = await Rows(simulator);
        simulator.Time.SetUtcNow(start + TimeSpan.FromMinutes(3));
        var at = await Rows(simulator);

        Assert.Equal(1, new SimulatorOptions().ProjectHistorySpeed);
        Assert.Equal(0, before[ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal(2, at[ProjectHistory.TrainBertId].AbnormalCount);
        Assert.Equal(start - TimeSpan.FromMinutes(20), at[ProjectHistory.TrainBertId].CreatedAt);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(1001)]
    public void A_speed_that_is_not_above_0_and_at_most_1000_is_refused(double speed)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ProjectHistory.Builtin(speed));

        Assert.Equal("speed", error.ParamName);
    }

    [Fact]
    public void The_settings_are_refused_at_start_with_a_speed_the_history_cannot_run()
    {
        using var services = new ServiceCollection()
            .AddModelArtsSimulator(o =>
            {
                o.AccessKey = SimulatorFixture.AccessKey;
                o.SecretKey = SimulatorFixture.SecretKey;
                o.ProjectHistorySpeed = 0;
            })
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SimulatorOptions>>().Value);

        Assert.Contains("Simulator:ProjectHistorySpeed must be above 0 and at most 1000.", error.Failures);
    }

    // The API's times are epoch milliseconds: the history starts on a whole second so that they compare exactly.
    private static DateTimeOffset WholeSecond(SimulatorFixture simulator)
    {
        var next = DateTimeOffset.FromUnixTimeSeconds(simulator.Time.GetUtcNow().ToUnixTimeSeconds() + 1);
        simulator.Time.SetUtcNow(next);
        return next;
    }

    private static async Task<Dictionary<string, LiteServerJobSummary>> Rows(SimulatorFixture simulator)
    {
        var page = await simulator.Client.ListJobsAsync(new LiteServerJobQuery(), CancellationToken.None);
        return page.Data.Where(r => r.Id!.StartsWith("proj-", StringComparison.Ordinal)).ToDictionary(r => r.Id!);
    }
}
