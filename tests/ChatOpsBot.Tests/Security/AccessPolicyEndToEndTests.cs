using System.Text.Json.Nodes;
using ChatOpsBot.Bot;
using ChatOpsBot.Security;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The access policy through the real bot: who is refused gets one polite sentence and no job data, on every path
/// into a job (typed command, Action.Submit refresh, adaptiveCard/action invoke), with no ModelArts request, and the
/// refusal is logged with tenant, user and conversation. One allow-list per level; each case spoils one level.
/// </summary>
public sealed class AccessPolicyEndToEndTests(PolicyBotFixture fixture) : IClassFixture<PolicyBotFixture>
{
    private const string RefusalText =
        "Sorry, this bot isn't enabled for you here. Ask your Teams admin or the bot's owner to allow your team.";

    public const string OtherTenant = "99999999-9999-9999-9999-999999999999";
    public const string OtherUser = "88888888-8888-8888-8888-888888888888";
    public const string OtherConversation = "a:1-another-personal-chat";

    public static TheoryData<string, string> RefusedCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var path in new[] { "text", "submit", "invoke" })
        {
            foreach (var level in new[] { "tenant", "user", "conversation" })
            {
                cases.Add(path, level);
            }
        }
        return cases;
    }

    [Theory]
    [InlineData("text")]
    [InlineData("submit")]
    [InlineData("invoke")]
    public async Task An_allowed_user_in_an_allowed_conversation_gets_the_job(string path)
    {
        var bot = fixture.Bot;
        bot.Connector.Clear();

        var card = await SendAsync(path, Build(path, bot.Connector.ServiceUrl));

        Assert.NotNull(card);
        Assert.Equal("FINISHED", card.CardTexts()[0]);
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task A_refused_tenant_user_or_conversation_gets_one_polite_sentence_and_no_job_data(string path, string level)
    {
        var bot = fixture.Bot;
        bot.Connector.Clear();
        var logs = fixture.Logs;
        logs.Clear();
        var activity = Build(path, bot.Connector.ServiceUrl);
        Spoil(activity, level);
        var requestsBefore = bot.Simulator.Catalog.RequestCount;

        var (text, card) = await SendForTextAsync(path, activity);

        Assert.Equal(RefusalText, text);
        Assert.Null(card);
        Assert.DoesNotContain(bot.Connector.Calls, c => c.Method == "PUT");
        Assert.Equal(requestsBefore, bot.Simulator.Catalog.RequestCount);
        var refusal = Assert.Single(logs.GetSnapshot(), r => r.Category == typeof(TurnGuard).FullName && r.Level == LogLevel.Warning);
        Assert.Contains($"{level} not allowed", refusal.Message, StringComparison.Ordinal);
        var from = activity["from"]!["aadObjectId"]!.GetValue<string>();
        var tenant = activity["conversation"]!["tenantId"]!.GetValue<string>();
        var conversation = activity["conversation"]!["id"]!.GetValue<string>();
        Assert.Contains($"tenant {tenant}, user {from}, conversation {conversation}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_channel_is_allowed_by_its_team_id_and_a_channel_of_another_team_is_refused()
    {
        var bot = fixture.Bot;
        var inTeam = RecordedActivity.ChannelText($"job {JobCatalog.SeedJobId}", bot.Connector.ServiceUrl);
        inTeam["conversation"]!["id"] = "19:some-channel@thread.tacv2;messageid=1795904845293";
        inTeam["channelData"]!["channel"]!["id"] = "19:some-channel@thread.tacv2";
        var allowed = await bot.SendAsync(inTeam);
        var other = RecordedActivity.ChannelText($"job {JobCatalog.SeedJobId}", bot.Connector.ServiceUrl);
        other["conversation"]!["id"] = "19:other-channel@thread.tacv2;messageid=1795904845293";
        other["channelData"]!["team"]!["id"] = "19:other-team@thread.tacv2";
        other["channelData"]!["channel"]!["id"] = "19:other-channel@thread.tacv2";
        var refused = await bot.SendAsync(other);

        Assert.Equal("FINISHED", Assert.Single(allowed).Card().CardTexts()[0]);
        Assert.Equal(RefusalText, Assert.Single(refused).Text());
    }

    private static JsonObject Build(string path, Uri serviceUrl) => path switch
    {
        "text" => RecordedActivity.PersonalText($"job {JobCatalog.SeedJobId}", serviceUrl),
        "submit" => RecordedActivity.Submit("refresh", JobCatalog.SeedJobId, "1795904831630", serviceUrl),
        _ => RecordedActivity.Execute(RecordedActivity.InvokePersonal, "refreshStatus", JobCatalog.SeedJobId, serviceUrl),
    };

    private static void Spoil(JsonObject activity, string level)
    {
        switch (level)
        {
            case "tenant":
                activity["conversation"]!["tenantId"] = OtherTenant;
                activity["channelData"]!["tenant"]!["id"] = OtherTenant;
                break;
            case "user":
                activity["from"]!["aadObjectId"] = OtherUser;
                break;
            default:
                activity["conversation"]!["id"] = OtherConversation;
                break;
        }
    }

    /// <summary>The card the user ends up seeing: in the reply, the updated message, or the invoke response.</summary>
    private async Task<JsonNode?> SendAsync(string path, JsonObject activity)
    {
        var bot = fixture.Bot;
        switch (path)
        {
            case "invoke":
                return (await bot.InvokeAsync(activity))!["value"];
            case "submit":
                Assert.Empty(await bot.SendAsync(activity));
                return Assert.Single(bot.Connector.Calls, c => c.Method == "PUT").Card;
            default:
                return Assert.Single(await bot.SendAsync(activity)).Card();
        }
    }

    /// <summary>The one sentence the user sees, and the card if there is one.</summary>
    private async Task<(string? Text, JsonNode? Card)> SendForTextAsync(string path, JsonObject activity)
    {
        var bot = fixture.Bot;
        if (path == "invoke")
        {
            var response = (await bot.InvokeAsync(activity))!;
            Assert.Equal("application/vnd.microsoft.activity.message", response["type"]!.GetValue<string>());
            return (response["value"]!.GetValue<string>(), null);
        }
        var reply = Assert.Single(await bot.SendAsync(activity));
        return (reply.Text(), reply.Card());
    }
}
