using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Models;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// `jobs …` through the real bot: recorded Teams activities in, the list card out, the project read from the simulator's
/// list API over loopback with real signing; the bot and the simulator share one clock that the test moves.
/// </summary>
public sealed class JobListEndToEndTests
{
    [Fact]
    public async Task Jobs_failed_lists_the_failing_jobs_in_one_list_call_and_tapping_a_row_answers_with_its_card()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        await bot.SendAsync(RecordedActivity.ChannelText("jobs", bot.Connector.ServiceUrl));
        clock.Advance(TimeSpan.FromMinutes(9));
        var before = (bot.Simulator.Catalog.ListRequestCount, bot.Simulator.Catalog.DetailReadCount);

        var replies = await bot.SendAsync(RecordedActivity.ChannelText("jobs failed.", bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        Assert.Equal("team-id;messageid=1795904845293", reply["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal((before.ListRequestCount + 1, before.DetailReadCount),
            (bot.Simulator.Catalog.ListRequestCount, bot.Simulator.Catalog.DetailReadCount));
        var card = reply.Card()!;
        var rows = Rows(card);
        Assert.Equal(
            [
                ("hdk-rollout-canary", "● FINISHED · 5 failed · updated just now"),
                ("train-bert-large", "● FINISHED · 4 failed · updated just now"),
                ("hdk-upgrade-pool-b-05", "● PROCESSING · 5 failed · updated just now"),
                ("hdk-upgrade-pool-b-04", "● PROCESSING · 4 failed · updated 1 min ago"),
                ("hdk-upgrade-pool-b-03", "● PROCESSING · 3 failed · updated 1 min ago"),
                ("hdk-upgrade-pool-b-02", "● PROCESSING · 2 failed · updated 1 min ago"),
                ("hdk-upgrade-pool-b-01", "● PROCESSING · 1 failed · updated 2 min ago"),
                ("train-llama-3.1-70b-env-prepare", "● FAILED · 70 failed · updated 11 min ago"),
                ("npu-fleet-health-check", "● FAILED · 1,160 failed · updated 12 min ago"),
            ],
            rows.Select(r => (r.Name, r.Facts)));
        Assert.Equal("Jobs with failed nodes", card.CardTexts()[0]);
        Assert.Contains("📋 Jobs with failed nodes: 9 jobs", reply.Summary(), StringComparison.Ordinal);

        // Tapping the second row sends what its selectAction holds, as Teams does for an Action.Submit.
        var tap = RecordedActivity.Load(RecordedActivity.SubmitPersonal, bot.Connector.ServiceUrl);
        tap["value"] = rows[1].Data.DeepClone();
        tap["replyToId"] = "list-card-message";
        var answer = Assert.Single(await bot.SendAsync(tap));

        Assert.Equal(new JsonObject { ["action"] = "show", ["jobId"] = ProjectHistory.TrainBertId }.ToJsonString(), rows[1].Data.ToJsonString());
        var texts = answer.Card().CardTexts();
        Assert.Equal("FINISHED", texts[0]);
        Assert.Contains("train-bert-large", texts);
        Assert.Contains(texts, t => t.Contains("4 of 16 tasks failed", StringComparison.Ordinal));
        Assert.Empty(bot.Connector.Calls);
        Assert.Equal(1, bot.Simulator.Catalog.DetailReadsOf(ProjectHistory.TrainBertId));
    }

    [Fact]
    public async Task Jobs_with_a_name_prefix_lists_only_names_that_start_with_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        await bot.SendAsync(RecordedActivity.PersonalText("jobs", bot.Connector.ServiceUrl));
        clock.Advance(TimeSpan.FromMinutes(3));

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText("Jobs running name HDK-upgrade-pool", bot.Connector.ServiceUrl)));

        var rows = Rows(reply.Card()!);
        Assert.Equal(["hdk-upgrade-pool-b-01", "hdk-upgrade-pool-b-02", "hdk-upgrade-pool-b-03", "hdk-upgrade-pool-b-04", "hdk-upgrade-pool-b-05"],
            rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal("● PROCESSING · 0 failed · updated 1 min ago", r.Facts));
    }

    [Fact]
    public async Task More_than_ten_jobs_show_ten_and_say_how_to_narrow()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        await using var bot = await StartAsync(clock);
        for (var n = 1; n <= 25; n++)
        {
            bot.Simulator.Catalog.AddJob(new LiteServerJob
            {
                Id = $"bulk-{n:D2}", Name = $"nightly-eval-{n:D2}", Status = "PROCESSING", AbnormalCount = 1,
                UpdatedAt = clock.GetUtcNow() - TimeSpan.FromMinutes(n),
            });
        }

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText("jobs failed name nightly", bot.Connector.ServiceUrl)));

        var card = reply.Card()!;
        Assert.Equal([.. Enumerable.Range(1, 10).Select(n => $"nightly-eval-{n:D2}")], Rows(card).Select(r => r.Name));
        Assert.Equal(["and 15 more — narrow with ", "jobs\u00A0failed\u00A0name\u00A0nightly-eval-"], card.CardTexts().TakeLast(2));
    }

    [Fact]
    public async Task Nothing_matching_gets_a_sentence_and_no_card()
    {
        await using var bot = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText("jobs finished name no-such-", bot.Connector.ServiceUrl)));

        Assert.Null(reply.Card());
        Assert.Equal("No job of the project has finished with a name that starts like that. Type jobs alone to see them all.", reply.Text());
    }

    [Fact]
    public async Task Words_jobs_cannot_read_get_a_sentence_and_no_ModelArts_request()
    {
        await using var bot = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.ChannelText("jobs failed name", bot.Connector.ServiceUrl)));

        Assert.Null(reply.Card());
        Assert.StartsWith("Which name?", reply.Text(), StringComparison.Ordinal);
        Assert.Equal(0, bot.Simulator.Catalog.RequestCount);
    }

    [Fact]
    public async Task A_ModelArts_error_while_listing_gets_the_error_card()
    {
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["ModelArts:SecretKey"] = "a-secret-key-the-simulator-does-not-know",
        });

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText("jobs", bot.Connector.ServiceUrl)));

        var all = string.Join("\n", reply.Card().CardTexts());
        Assert.Contains("ModelArts refused the bot's credentials", all, StringComparison.Ordinal);
        Assert.Contains("APIGW.0301", all, StringComparison.Ordinal);
        Assert.Matches("[0-9a-f]{32}", all);
        Assert.DoesNotContain("a-secret-key", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, bot.Simulator.Catalog.ListRequestCount);
    }

    private static Task<BotTestHost> StartAsync(FakeTimeProvider clock) =>
        BotTestHost.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock), simulatorTime: clock);

    private static List<(string Name, string Facts, JsonNode Data)> Rows(JsonNode card) =>
        [.. card["body"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>() == "Container" && e["selectAction"] is not null)
            .Select(e => (Join(e!["items"]![0]!), Join(e["items"]![1]!), e["selectAction"]!["data"]!))];

    private static string Join(JsonNode block) =>
        string.Concat(block["inlines"]!.AsArray().Select(r => r!["text"]!.GetValue<string>())).Replace("\u200B", "", StringComparison.Ordinal);
}
