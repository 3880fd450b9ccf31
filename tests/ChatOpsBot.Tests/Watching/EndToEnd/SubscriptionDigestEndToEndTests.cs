using System.Text.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Watching;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

/// <summary>
/// The simulator's burst, end to end in the real bot with the loopback connector: the five hdk-upgrade-pool-b-0N jobs
/// fail at 7:00, 7:20, 7:40, 8:00 and 8:30 minutes into the project history, the hosted feed's rounds come every minute.
/// The first three post on their own, the fourth opens the window's digest, the fifth updates it in place, and later
/// news of a digest job replies in the digest's thread and updates the digest — nothing more, nothing missing.
/// </summary>
public sealed class SubscriptionDigestEndToEndTests
{
    private const string Channel = "team-id";

    [Fact]
    public async Task A_burst_posts_three_jobs_then_one_digest_updated_in_place_and_a_digest_jobs_later_news_goes_into_its_thread()
    {
        await using var bot = await WatchingBot.StartAsync();
        var feed = bot.Host.Services.GetRequiredService<SubscriptionFeedService>();
        await bot.AskAsync(WithMentionOfAlex(bot.InChannel("subscribe name hdk-upgrade-pool-b- mention <at>Alex Wilber</at>")));

        await feed.RunOnceAsync(CancellationToken.None);
        for (var minute = 1; minute <= 9; minute++)
        {
            bot.Clock.Advance(TimeSpan.FromMinutes(1));
            await feed.RunOnceAsync(CancellationToken.None);
        }
        // Minute 10: pool-b-04 gets more failed tasks (the history's own steps end it at 11 with the same ones).
        bot.Clock.Advance(TimeSpan.FromMinutes(1));
        bot.Host.Simulator.Catalog.AddJob(WithMoreFailures(bot, ProjectHistory.BurstPrefix + "4", 2));
        await feed.RunOnceAsync(CancellationToken.None);

        var digestThread = Channel + ";messageid=msg-4";
        const string Mention = " <at>Alex Wilber</at>";
        Assert.Equal(
            [
                ("CREATE", Channel, null, "🔴 hdk-upgrade-pool-b-01: 1 task failed" + Mention),
                ("CREATE", Channel, null, "🔴 hdk-upgrade-pool-b-02: 2 tasks failed" + Mention),
                ("CREATE", Channel, null, "🔴 hdk-upgrade-pool-b-03: 3 tasks failed" + Mention),
                ("CREATE", Channel, null, "🔴 1 more job is failing: hdk-upgrade-pool-b-04" + Mention),
                ("PUT", digestThread, "msg-4", "🔴 2 more jobs are failing: hdk-upgrade-pool-b-04 and hdk-upgrade-pool-b-05" + Mention),
                ("POST", digestThread, null, "🔴 hdk-upgrade-pool-b-04: 2 more tasks failed" + Mention),
                ("PUT", digestThread, "msg-4", "🔴 2 more jobs are failing: hdk-upgrade-pool-b-04 and hdk-upgrade-pool-b-05" + Mention),
            ],
            bot.Connector.Calls.Select(c => (c.Method, c.ConversationId, c.Method == "PUT" ? c.ActivityId : null, Line(c.Said))));

        var calls = bot.Connector.Calls;
        // Every post and reply @mentions Alex, with a well-formed mention entity.
        Assert.All(calls.Where(c => c.Method != "PUT"), c => Assert.EndsWith(Mention, c.Said, StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Contains(c.Activity["entities"]!.AsArray(),
            e => e!["type"]!.GetValue<string>() == "mention" && e["mentioned"]!["id"]!.GetValue<string>() == "29:1-alex"));
        // The job posts carry the job's card; the digest and its updates carry the digest card, never a job card.
        Assert.All(calls.Take(3), c => Assert.Contains(ProjectHistory.BurstPrefix, c.Card!["actions"]!.ToJsonString(), StringComparison.Ordinal));
        Assert.Equal(["proj-hdk-upgrade-pool-b-04"], DigestRows(calls[3]));
        Assert.Equal(["proj-hdk-upgrade-pool-b-04", "proj-hdk-upgrade-pool-b-05"], DigestRows(calls[4]));
        Assert.Null(calls[5].Card);
        Assert.Equal(["proj-hdk-upgrade-pool-b-04", "proj-hdk-upgrade-pool-b-05"], DigestRows(calls[6]));
        // The later news refreshed pool-b-04's row: 4 failed, then 6.
        Assert.Contains("4 failed", calls[4].Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("6 failed", calls[6].Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("🔴 1 more job is failing: hdk-upgrade-pool-b-04", calls[3].Summary);
    }

    // The line without the reason in brackets, which the history words, keeping what follows it (the mention).
    private static string? Line(string? text) =>
        text is null ? null : text.IndexOf(" (", StringComparison.Ordinal) is var cut and >= 0
            ? text[..cut] + (text.EndsWith("</at>", StringComparison.Ordinal) ? text[text.LastIndexOf(" <at>", StringComparison.Ordinal)..] : "")
            : text;

    // The job ids the digest card's rows open when tapped.
    private static List<string> DigestRows(Infrastructure.ConnectorCall call) =>
    [
        .. call.Card!["body"]!.AsArray()
            .Select(element => element?["selectAction"]?["data"]?["jobId"]?.GetValue<string>())
            .OfType<string>(),
    ];

    private static JsonObject WithMentionOfAlex(JsonObject activity)
    {
        activity["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>Alex Wilber</at>",
            ["mentioned"] = new JsonObject { ["id"] = "29:1-alex", ["name"] = "Alex Wilber" },
        });
        return activity;
    }

    // The job as the simulator serves it now, with its first healthy tasks failed too, later.
    private static LiteServerJob WithMoreFailures(WatchingBot bot, string jobId, int more)
    {
        var answer = Assert.IsType<SimulatedAnswer.Job>(bot.Host.Simulator.Catalog.Find(jobId));
        var job = JsonSerializer.Deserialize<LiteServerJob>(answer.Json)!;
        var tasks = job.Tasks.ToList();
        var failing = tasks.First(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed)).Message;
        var turned = 0;
        for (var i = 0; i < tasks.Count && turned < more; i++)
        {
            if (!JobStatuses.Is(tasks[i].Status, JobStatuses.TaskFailed))
            {
                tasks[i] = tasks[i] with { Status = JobStatuses.TaskFailed, Message = failing };
                turned++;
            }
        }
        return job with
        {
            Tasks = tasks,
            AbnormalCount = tasks.Count(t => JobStatuses.Is(t.Status, JobStatuses.TaskFailed)),
            UpdatedAt = bot.Clock.GetUtcNow(),
        };
    }
}
