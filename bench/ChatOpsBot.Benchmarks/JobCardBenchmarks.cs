using BenchmarkDotNet.Attributes;
using ChatOpsBot.Cards;

namespace ChatOpsBot.Benchmarks;

/// <summary>Building a job card and serializing it, as the bot does for every answer and every notification.</summary>
[MemoryDiagnoser]
public class JobCardBenchmarks
{
    private static readonly Uri Console = new("https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/x");
    private readonly JobCardBuilder _builder = new(TimeProvider.System);
    private JobCardView _seed = null!;
    private JobCardView _tenThousand = null!;

    [GlobalSetup]
    public void Setup()
    {
        _seed = new JobCardView(BenchmarkJobs.Seed(), Console, WatchButton.Watch);
        _tenThousand = new JobCardView(BenchmarkJobs.TenThousandDistinctFailures(), Console, WatchButton.Watch);
    }

    [Benchmark(Baseline = true)]
    public string SeedJob() => _builder.Build(_seed).ToJson();

    [Benchmark]
    public string TenThousandTasksTenThousandMessages() => _builder.Build(_tenThousand).ToJson();
}
