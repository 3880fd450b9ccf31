using System.Text;
using BenchmarkDotNet.Running;
using ChatOpsBot.Benchmarks;
using ChatOpsBot.Cards;

// `poller [options]`: the watch poller's load driver (see PollerLoadOptions); `load [options]`: turns on several bot
// processes (see TurnLoadOptions); `memory [options]`: the bot's memory under large `job` turns (see
// MemoryLoadOptions); `memory-turn [options]`: the bytes one such turn allocates (see MemoryPerTurnOptions);
// `subscriptions [options]`: the subscription feed on a large project (see SubscriptionLoadOptions);
// anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == PollerLoadOptions.Command)
{
    await PollerLoad.RunAsync(PollerLoadOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}
if (args.Length > 0 && args[0] == TurnLoadOptions.Command)
{
    await TurnLoad.RunAsync(TurnLoadOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}
if (args.Length > 0 && args[0] == MemoryLoadOptions.Command)
{
    await MemoryLoad.RunAsync(MemoryLoadOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}
if (args.Length > 0 && args[0] == SubscriptionLoadOptions.Command)
{
    await SubscriptionLoad.RunAsync(SubscriptionLoadOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}

if (args.Length > 0 && args[0] == MemoryPerTurnOptions.Command)
{
    await MemoryPerTurn.RunAsync(MemoryPerTurnOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}

if (args.Length > 0 && args[0] == CausesCommandOptions.Command)
{
    await CausesCommand.RunAsync(CausesCommandOptions.Parse(args[1..])).ConfigureAwait(false);
    return;
}

// The card sizes are part of the result: print them before timing.
var builder = new JobCardBuilder(TimeProvider.System);
var console = new Uri("https://console.huaweicloud.com/modelarts/?region=ap-southeast-1#/dev-server/jobs/x");
foreach (var (name, job) in new[] { ("seed job", BenchmarkJobs.Seed()), ("10,000 tasks / 10,000 messages", BenchmarkJobs.TenThousandDistinctFailures()) })
{
    var json = builder.Build(new JobCardView(job, console, WatchButton.Watch)).ToJson();
    Console.WriteLine($"Card JSON for the {name}: {Encoding.UTF8.GetByteCount(json):N0} bytes (budget {JobCardBuilder.MaxCardBytes:N0})");
}
BenchmarkSwitcher.FromAssembly(typeof(JobCardBenchmarks).Assembly).Run(args);
