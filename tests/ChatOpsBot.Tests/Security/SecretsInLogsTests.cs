using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// A full cycle through the bot process logging at Trace — a job card, an error card, refused tokens, a watch and
/// the proactive message it leads to — with every secret set: none of them, and none of the bearer tokens in either
/// direction, appears in what the process wrote or in what it posted to Teams.
/// </summary>
public sealed class SecretsInLogsTests(TracedBotFixture fixture, ITestOutputHelper output) : IClassFixture<TracedBotFixture>
{
    private const string WatchedJobId = "secret-check-job";

    [Fact]
    public async Task A_full_cycle_logged_at_trace_leaves_no_secret_and_no_bearer_token_in_the_logs()
    {
        var conversation = "a:" + Guid.NewGuid().ToString("N");
        await SendAsync(conversation, $"job {JobCatalog.SeedJobId}", expectedReplies: 1);
        await SendAsync(conversation, $"job {JobCatalog.NotFoundJobId}", expectedReplies: 2);
        fixture.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 4, id: WatchedJobId));
        await SendAsync(conversation, $"watch {WatchedJobId}", expectedReplies: 4);
        fixture.Simulator.Catalog.AddJob(Jobs.Make("PROCESSING", processing: 1, failed: [("driver mismatch on npu 3", 3)], id: WatchedJobId));
        var proactive = await fixture.WaitForCallsAsync(c => c.ConversationId == conversation && c.Text?.Contains("failed", StringComparison.Ordinal) == true);
        Assert.NotEmpty(proactive);
        var refused = Activity(conversation, "help");
        using (var impostor = RSA.Create(2048))
        {
            using var response = await fixture.PostAsync(refused, ChannelToken.Sign(impostor, FakeChannel.ChannelKeyId, fixture.Claims(refused)));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await fixture.Bot.StopAsync();
        var log = fixture.Bot.Output;

        output.WriteLine($"captured {log.Length:N0} characters, {log.Split('\n').Length:N0} lines of bot output");
        // The capture saw the traffic, at the levels that would print headers if anything did.
        Assert.Contains(WatchedJobId, log, StringComparison.Ordinal);
        Assert.Contains("trce:", log, StringComparison.Ordinal);
        Assert.Contains("Authorization: *", log, StringComparison.Ordinal);
        var secrets = new List<(string Name, string Value)>
        {
            ("MicrosoftAppPassword", fixture.AppPassword),
            ("ModelArts:AccessKey", fixture.AccessKey),
            ("ModelArts:SecretKey", fixture.SecretKey),
            ("ModelArts:SecurityToken", fixture.SecurityToken),
        };
        secrets.AddRange(fixture.Channel.IssuedTokens.Select(t => ("bot bearer token", t)));
        secrets.AddRange(fixture.SentTokens.Select(t => ("channel token", t)));
        secrets.AddRange(fixture.SentTokens.Select(t => ("channel token signature", t[(t.LastIndexOf('.') + 1)..])));
        Assert.NotEmpty(fixture.Channel.IssuedTokens);
        // What reached Teams — the cards, the error card, the proactive message — holds none of them either.
        var posted = string.Join("\n", fixture.Connector.Calls.Select(c => c.Activity.ToJsonString()));
        foreach (var (name, value) in secrets)
        {
            Assert.False(posted.Contains(value, StringComparison.Ordinal), $"A message posted to Teams holds the {name}.");
            Assert.False(log.Contains(value, StringComparison.Ordinal), $"The log holds the {name}.");
            // A secret cut short or wrapped would still leak its middle.
            Assert.False(log.Contains(value.Substring(value.Length / 2 - 8, 16), StringComparison.Ordinal), $"The log holds part of the {name}.");
        }
    }

    private async Task SendAsync(string conversation, string text, int expectedReplies)
    {
        var activity = Activity(conversation, text);
        using var response = await fixture.PostAsync(activity, fixture.GoodToken(activity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = await fixture.WaitForCallsAsync(c => c.ConversationId == conversation, expectedReplies);
        Assert.True(replies.Count >= expectedReplies, $"Expected {expectedReplies} replies in the conversation, saw {replies.Count}.");
    }

    private JsonObject Activity(string conversation, string text)
    {
        var activity = RecordedActivity.PersonalText(text, fixture.Connector.ServiceUrl);
        activity["conversation"]!["id"] = conversation;
        return activity;
    }
}
