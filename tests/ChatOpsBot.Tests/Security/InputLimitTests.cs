using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.Security;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Security;

/// <summary>What arrives at /api/messages that is too big, not an activity, or not for this bot.</summary>
public sealed class InputLimitTests(UnlimitedBotFixture host) : IClassFixture<UnlimitedBotFixture>
{
    /// <summary>Security:MaxMessageLength when appsettings.json and the test leave it alone, as README documents it.</summary>
    private const int DefaultMaxMessageLength = 4000;

    [Fact]
    public async Task Text_longer_than_MaxMessageLength_is_refused_politely_without_reading_it()
    {
        var bot = host.Bot;
        var requests = bot.Simulator.Catalog.RequestCount;
        var text = $"job {JobCatalog.SeedJobId} " + new string('x', DefaultMaxMessageLength);

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText(text, bot.Connector.ServiceUrl)));

        Assert.Null(reply.Card());
        Assert.Equal($"That message is too long for me ({text.Length:N0} characters). Try `job ID` or `help`.", reply.Text());
        Assert.Equal(requests, bot.Simulator.Catalog.RequestCount);
    }

    [Fact]
    public async Task Text_of_exactly_MaxMessageLength_is_read()
    {
        var bot = host.Bot;
        var command = $"job {JobCatalog.SeedJobId} ";
        var text = command + new string('x', DefaultMaxMessageLength - command.Length);

        var reply = Assert.Single(await bot.SendAsync(RecordedActivity.PersonalText(text, bot.Connector.ServiceUrl)));

        Assert.Equal("FINISHED", reply.Card().CardTexts()[0]);
    }

    [Theory]
    [InlineData("typing")]
    [InlineData("endOfConversation")]
    [InlineData("event")]
    [InlineData("messageReaction")]
    [InlineData("somethingTeamsInventsNextYear")]
    public async Task Activity_types_the_bot_does_not_handle_are_ignored_with_200(string type)
    {
        var bot = host.Bot;
        bot.Connector.Clear();
        var activity = RecordedActivity.PersonalText($"job {JobCatalog.SeedJobId}", bot.Connector.ServiceUrl);
        activity["type"] = type;

        using var response = await bot.Http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.Empty(bot.Connector.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"type\":\"message\",\"text\":\"job 1\"")]
    [InlineData("not json at all")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("null")]
    [InlineData("{\"type\":\"message\"} {\"type\":\"message\"}")]
    [InlineData("{\"type\":\"message\",\"timestamp\":\"yesterday\"}")]
    [InlineData("{\"type\":\"message\",\"conversation\":[]}")]
    public async Task A_body_that_is_not_a_JSON_activity_is_400(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await host.Bot.Http.PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("type", null)]
    [InlineData("channelId", null)]
    [InlineData("serviceUrl", null)]
    [InlineData("serviceUrl", "not a url")]
    [InlineData("serviceUrl", "file:///etc/passwd")]
    [InlineData("serviceUrl", "/relative/path")]
    [InlineData("conversation", null)]
    public async Task An_activity_without_what_every_channel_sends_is_400(string field, string? value)
    {
        var activity = RecordedActivity.PersonalText("help", host.Bot.Connector.ServiceUrl);
        activity[field] = value;

        using var response = await host.Bot.Http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_larger_than_the_cap_is_413()
    {
        var activity = RecordedActivity.PersonalText(new string('a', 300 * 1024), host.Bot.Connector.ServiceUrl);

        using var response = await host.Bot.Http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Deeply_nested_json_is_400_not_a_stack_overflow()
    {
        var depth = 100_000;
        var body = "{\"type\":\"message\",\"value\":" + new string('[', depth) + new string(']', depth) + "}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await host.Bot.Http.PostAsync("/api/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
