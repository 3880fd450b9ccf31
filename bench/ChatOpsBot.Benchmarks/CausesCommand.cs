using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatOpsBot.FailureCauses;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// Groups messages from a file with the same <see cref="CauseGrouper"/> the job card uses, writes each message's cause
/// key, and prints how many messages per second the grouping handled, measured in process (reading the file and
/// starting .NET are not counted), so tools/log-parsing-eval can compare it with other parsers.
/// </summary>
internal static class CausesCommand
{
    public static async Task RunAsync(CausesCommandOptions options)
    {
        var lines = await File.ReadAllLinesAsync(options.Input).ConfigureAwait(false);
        var messages = lines.Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<string>(line) ?? "")
            .ToArray();

        // Warm up until the JIT has settled (tiered compilation), so the figure is the steady state a bot runs in.
        var grouping = Group(messages);
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(1);)
        {
            grouping = Group(messages);
        }

        // CPU time, not wall time: on a shared machine a wall clock counts the time other processes had the cores.
        // The process's CPU time ticks coarsely (10 ms), so the runs go on until there are at least 2 s of it.
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var runs = 0;
        TimeSpan cpu;
        do
        {
            grouping = Group(messages);
            runs++;
            process.Refresh();
            cpu = process.TotalProcessorTime - cpuBefore;
        }
        while (runs < options.Repeat || cpu < TimeSpan.FromSeconds(2));
        var grouped = (double)messages.Length * runs;

        await File.WriteAllLinesAsync(options.Output,
            Enumerable.Range(0, messages.Length).Select(i => grouping.CauseOf(i).Key)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{messages.Length:N0} messages, {grouping.Causes.Count:N0} causes, {runs:N0} runs: {grouped / cpu.TotalSeconds:N0} messages/s of CPU time ({grouped / wall.Elapsed.TotalSeconds:N0} messages/s of wall time)"));
    }

    private static CauseGrouping Group(string[] messages)
    {
        // Sized to the messages, as the job card sizes it to its tasks.
        var grouper = new CauseGrouper(capacity: messages.Length);
        foreach (var message in messages)
        {
            grouper.Add(message);
        }
        return grouper.Group();
    }
}
