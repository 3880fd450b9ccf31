using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Tests.Bot;

/// <summary>
/// `job &lt;id&gt;` through the real bot: recorded Teams activities in, the card out, ModelArts answered by the simulator
/// over loopback HTTP with real signing.
/// </summary>
public sealed class JobCommandEndToEndTests
{
    [Theory]
    [InlineData("job 0319470a-7fad-452e-bff0-d3ba3bd83955")]
    [InlineData("JOBS   0319470a-7fad-452e-bff0-d3ba3bd83955.")]
    [InlineData("<p>job&nbsp;0319470a-7fad-452e-bff0-d3ba3bd83955</p>")]
    [InlineData("job https://console.huaweicloud.com/modelarts/?region=cn-north-4#/dev-server/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955")]
    public async Task Personal_chat_job_command_answers_with_the_jobs_card(string text)
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.PersonalText(text, bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        var texts = reply.Card().CardTexts();
        Assert.Equal("FINISHED", texts[0]);
        Assert.Contains("software-query", texts);
        Assert.Contains(texts, t => t.Contains("liteserver-a2-aiserver-test", StringComparison.Ordinal) || t.Contains("1 of 1", StringComparison.Ordinal));
        Assert.Contains("software-query", reply.Summary(), StringComparison.Ordinal);
        var buttons = reply.Card().CardButtons();
        Assert.InRange(buttons.Count, 2, 3);
        Assert.Contains(buttons, b => b.Action == "refresh");
        Assert.Contains(buttons, b => b.Type == "Action.OpenUrl");
    }

    [Fact]
    public async Task Channel_message_with_the_bots_mention_answers_in_the_thread()
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.ChannelText($"job {JobCatalog.ManyFailuresJobId}", bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        Assert.Equal("team-id;messageid=1795904845293", reply["conversation"]!["id"]!.GetValue<string>());
        var texts = reply.Card().CardTexts();
        Assert.Equal("FAILED", texts[0]);
        Assert.Contains(texts, t => t.Contains("70 of 256", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("47", StringComparison.Ordinal) && t.Contains("driver mismatch", StringComparison.Ordinal)
            || t.Contains("driver mismatch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recorded_status_command_of_the_playground_is_understood()
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.Load(RecordedActivity.PersonalMessage, bot.Connector.ServiceUrl));

        // The recorded job id train-resnet50 does not exist in the simulator: a not-found card, not a crash.
        var reply = Assert.Single(replies);
        Assert.Contains(reply.Card().CardTexts(), t => t.Contains("not found", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(JobCatalog.NotFoundJobId, "not found")]
    [InlineData(JobCatalog.ForbiddenJobId, "permission")]
    [InlineData(JobCatalog.ThrottledJobId, "busy")]
    [InlineData(JobCatalog.ServerErrorJobId, "unavailable")]
    [InlineData(JobCatalog.SlowJobId, "in time")]
    [InlineData(JobCatalog.MalformedJobId, "unexpected answer")]
    [InlineData(JobCatalog.WrongShapeJobId, "unexpected answer")]
    public async Task Each_ModelArts_failure_gets_an_error_card_that_says_what_happened(string jobId, string expected)
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.PersonalText($"job {jobId}", bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        var all = string.Join("\n", reply.Card().CardTexts());
        Assert.Contains(expected, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(BotTestHost.SecretKey, reply.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        if (jobId is not JobCatalog.SlowJobId)
        {
            Assert.Matches("[0-9a-f]{32}", all);
        }
    }

    [Theory]
    [InlineData("job")]
    [InlineData("job 0123456789012345678901234567890123456789012345678901234567890123456789")]
    [InlineData("job ../../etc/passwd/and/more/than/sixty-four/characters/of/path/segments/here")]
    [InlineData("make me a sandwich")]
    public async Task Bad_input_gets_a_clear_sentence_and_no_ModelArts_request(string text)
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.PersonalText(text, bot.Connector.ServiceUrl));

        var reply = Assert.Single(replies);
        Assert.Null(reply.Card());
        Assert.Contains("job", reply.Text(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, bot.Simulator.Catalog.RequestCount);
    }

    [Theory]
    [InlineData(JobCatalog.SeedJobId, false)]
    [InlineData(JobCatalog.ManyFailuresJobId, false)]
    [InlineData(JobCatalog.RunningJobId, true)]
    public async Task Only_a_job_that_can_still_change_offers_a_Watch_button(string jobId, bool offered)
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.PersonalText($"job {jobId}", bot.Connector.ServiceUrl));

        var buttons = Assert.Single(replies).Card().CardButtons();
        Assert.Equal(offered, buttons.Any(b => b.Action == "watch"));
    }

    [Fact]
    public async Task Help_answers_with_the_commands()
    {
        await using var bot = await BotTestHost.StartAsync();
        var replies = await bot.SendAsync(RecordedActivity.ChannelText("help", bot.Connector.ServiceUrl));

        var all = string.Join("\n", Assert.Single(replies).Card().CardTexts());
        foreach (var command in new[] { "job", "jobs", "watch", "unwatch", "watching" })
        {
            Assert.Contains(command, all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Installing_the_bot_sends_the_welcome_card_and_a_page_reload_conversation_update_sends_nothing()
    {
        await using var bot = await BotTestHost.StartAsync();
        var installed = await bot.SendAsync(RecordedActivity.Load(RecordedActivity.InstallationUpdate, bot.Connector.ServiceUrl));
        var updated = await bot.SendAsync(RecordedActivity.Load(RecordedActivity.ConversationUpdate, bot.Connector.ServiceUrl));

        Assert.Contains("job", string.Join("\n", Assert.Single(installed).Card().CardTexts()), StringComparison.Ordinal);
        Assert.Empty(updated);
    }

    [Fact]
    public async Task Refresh_button_updates_the_same_card_in_place()
    {
        await using var bot = await BotTestHost.StartAsync();
        var submit = RecordedActivity.Submit("refresh", JobCatalog.RunningJobId, "1795904831630", bot.Connector.ServiceUrl);

        var replies = await bot.SendAsync(submit);

        Assert.Empty(replies);
        var put = Assert.Single(bot.Connector.Calls);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("1795904831630", put.ActivityId);
        Assert.Equal("9ca71674-1ad7-4dd0-beea-d9095f9ea168", put.ConversationId);
        Assert.Equal("PROCESSING", put.Card.CardTexts()[0]);
    }

    [Fact]
    public async Task Refresh_of_a_card_the_channel_will_not_update_is_sent_as_a_new_reply()
    {
        await using var bot = await BotTestHost.StartAsync();
        bot.Connector.Refuse("9ca71674-1ad7-4dd0-beea-d9095f9ea168", System.Net.HttpStatusCode.NotFound);
        var submit = RecordedActivity.Submit("refresh", JobCatalog.SeedJobId, "deleted-message", bot.Connector.ServiceUrl);

        var replies = await bot.SendAsync(submit);

        Assert.Equal("PUT", Assert.Single(bot.Connector.Calls).Method);
        Assert.Equal("FINISHED", Assert.Single(replies).Card().CardTexts()[0]);
    }

    [Theory]
    [InlineData(RecordedActivity.InvokePersonal)]
    [InlineData(RecordedActivity.InvokeChannel)]
    public async Task Action_Execute_refresh_is_answered_with_the_new_card_in_the_invoke_response(string recorded)
    {
        await using var bot = await BotTestHost.StartAsync();
        var invoke = RecordedActivity.Execute(recorded, "refreshStatus", JobCatalog.SeedJobId, bot.Connector.ServiceUrl);

        var response = await bot.InvokeAsync(invoke);

        Assert.Equal(200, response!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", response["type"]!.GetValue<string>());
        Assert.Equal("FINISHED", response["value"].CardTexts()[0]);
    }

    [Fact]
    public async Task Fifty_simultaneous_refreshes_of_one_job_cause_one_ModelArts_request()
    {
        // The bot's clock stands still, so "within one second" holds however slowly this machine runs the 50 turns.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Security:CommandsPerConversationPerMinute"] = "1000",
            ["Security:CommandsPerUserPerMinute"] = "1000",
        }, services => services.AddSingleton<TimeProvider>(frozen));
        var refreshes = Enumerable.Range(0, 50).Select(i =>
        {
            var submit = RecordedActivity.Submit("refresh", JobCatalog.ManyFailuresJobId, $"card-{i}", bot.Connector.ServiceUrl);
            return bot.SendAsync(submit);
        });

        await Task.WhenAll(refreshes);

        Assert.Equal(50, bot.Connector.Calls.Count(c => c.Method == "PUT"));
        Assert.Equal(1, bot.Simulator.Catalog.RequestCount);
    }
}
