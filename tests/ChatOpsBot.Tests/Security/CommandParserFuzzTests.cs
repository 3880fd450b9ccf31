using System.Diagnostics;
using ChatOpsBot.Commands;
using ChatOpsBot.Tests.Commands;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The command parser takes whatever a Teams user or a crafted request sends: it never throws, stays fast on huge
/// input, and never yields a job id that breaks the id rule (the id goes into a signed URL path).
/// </summary>
public sealed class CommandParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_never_throws_and_every_job_id_it_yields_passes_the_rule()
    {
        var fuzz = new FuzzInput(31337);
        var watch = Stopwatch.StartNew();
        var tried = 0;
        var withId = 0;
        for (; tried < 30_000; tried++)
        {
            var text = fuzz.AnyText();
            var id = JobIdOf(CommandParser.Parse(text));
            if (id is not null)
            {
                withId++;
                Assert.True(JobIdExpectation.IsAcceptable(id), $"'{id}' read from input #{tried}");
            }
        }
        foreach (var huge in new[] { new string('a', 20_000_000), "job " + new string('\u200B', 5_000_000), string.Concat(Enumerable.Repeat("<at>x</at>", 500_000)) })
        {
            tried++;
            Assert.NotNull(CommandParser.Parse(huge));
        }

        output.WriteLine($"CommandParser.Parse: {tried:N0} inputs tried, {withId:N0} read as a job command, in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(withId > 300, $"only {withId} inputs read as a job command: the generator tests too little");
    }

    [Fact]
    public void ParseAction_never_throws_and_every_job_id_it_yields_passes_the_rule()
    {
        var fuzz = new FuzzInput(4242);
        var watch = Stopwatch.StartNew();
        var tried = 0;
        var withId = 0;
        for (; tried < 30_000; tried++)
        {
            var json = fuzz.ActionJson();
            var id = JobIdOf(CommandParser.ParseAction(json));
            if (id is not null)
            {
                withId++;
                Assert.True(JobIdExpectation.IsAcceptable(id), $"'{id}' read from {json}");
            }
        }
        foreach (var huge in new[] { "{\"action\":\"refresh\",\"jobId\":\"" + new string('a', 5_000_000) + "\"}", new string('[', 1_000_000) })
        {
            tried++;
            Assert.IsType<UnknownCommand>(CommandParser.ParseAction(huge));
        }

        output.WriteLine($"CommandParser.ParseAction: {tried:N0} inputs tried, {withId:N0} read as a button command, in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(withId > 300, $"only {withId} inputs read as a button command: the generator tests too little");
    }

    private static string? JobIdOf(BotCommand command) => command switch
    {
        ShowJobCommand c => c.JobId,
        RefreshJobCommand c => c.JobId,
        WatchJobCommand c => c.JobId,
        UnwatchJobCommand c => c.JobId,
        _ => null,
    };
}
