using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The bot process with a real app id, over real HTTP: the SDK validates each channel token against the fake
/// channel's HTTPS metadata and keys, and the bot's replies carry the bearer token it got from the channel's token
/// endpoint. Every token problem is a 401, never a 500, and nothing reaches the bot's handler.
/// </summary>
public sealed class AuthenticatedChannelTests(AuthenticatedBotFixture fixture, ITestOutputHelper output) : IClassFixture<AuthenticatedBotFixture>
{
    [Fact]
    public async Task A_valid_channel_token_is_accepted_and_the_reply_carries_the_bots_own_bearer_token()
    {
        var activity = Activity($"job {JobCatalog.SeedJobId}");

        using var response = await fixture.PostAsync(activity, fixture.GoodToken(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await fixture.WaitForCallsAsync(c => c.ConversationId == ConversationOf(activity)));
        Assert.Equal("FINISHED", reply.Card.CardTexts()[0]);
        Assert.Contains(reply.Authorization, fixture.Channel.IssuedTokens.Select(t => "Bearer " + t));
        Assert.NotEmpty(fixture.Channel.TokenRequests);
        Assert.All(fixture.Channel.TokenRequests, request =>
        {
            Assert.Equal(fixture.AppId, request.ClientId);
            Assert.True(request.SecretMatched);
            Assert.Equal("client_credentials", request.GrantType);
            Assert.Equal($"{FakeChannel.OAuthScope}/.default", request.Scope);
        });
    }

    public static TheoryData<string> BadTokens => new()
    {
        "missing header",
        "expired",
        "wrong audience",
        "wrong issuer",
        "bad signature (another key, same kid)",
        "unknown kid",
        "key not endorsed for msteams",
        "serviceurl claim of another connector",
        "not a JWT",
        "unsigned (alg none)",
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Every_token_problem_is_answered_401_and_nothing_is_posted(string problem)
    {
        var activity = Activity($"job {JobCatalog.SeedJobId}");
        var token = BadToken(problem, activity);
        var modelArtsRequests = fixture.Simulator.Catalog.RequestCount;

        using var response = await fixture.PostAsync(activity, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(modelArtsRequests, fixture.Simulator.Catalog.RequestCount);
        await Task.Delay(300);
        Assert.DoesNotContain(fixture.Connector.Calls, c => c.ConversationId == ConversationOf(activity));
    }

    [Fact]
    public async Task Random_authorization_headers_are_all_answered_401()
    {
        var random = new Random(20260314);
        var activity = Activity("help");
        var good = fixture.GoodToken(activity);
        var headers = new List<string> { "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer " + good, "Bearer " + good + " extra", "Bearer ..", "Bearer a.b.c" };
        for (var i = 0; i < 150; i++)
        {
            headers.Add(random.Next(4) switch
            {
                0 => "Bearer " + RandomText(random, random.Next(1, 400)),
                1 => "Bearer " + Mutate(good, random),
                2 => "Bearer " + string.Join('.', Enumerable.Range(0, random.Next(1, 5)).Select(_ => Convert.ToBase64String(RandomNumberGenerator.GetBytes(random.Next(0, 60))))),
                _ => RandomText(random, random.Next(1, 100)),
            });
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var header in headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await fixture.Bot.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        output.WriteLine($"{headers.Count} Authorization headers tried");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        // Each refusal is logged with its reason, never with the token that was refused.
        var log = fixture.Bot.Output;
        Assert.All(headers.Select(h => h.Split(' ').Last()).Where(token => token.Length >= 24),
            token => Assert.DoesNotContain(token, log, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_is_answered_400_before_any_token_is_looked_at()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent("{\"type\":\"message\",", Encoding.UTF8, "application/json") };

        using var response = await fixture.Bot.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private string? BadToken(string problem, JsonObject activity)
    {
        var claims = fixture.Claims(activity);
        var channel = fixture.Channel;
        switch (problem)
        {
            case "missing header":
                return null;
            case "expired":
                var past = TimeProvider.System.GetUtcNow().AddHours(-2).ToUnixTimeSeconds();
                claims["nbf"] = past;
                claims["iat"] = past;
                claims["exp"] = past + 3600;
                return ChannelToken.Sign(channel.ChannelKey, FakeChannel.ChannelKeyId, claims);
            case "wrong audience":
                claims["aud"] = Guid.NewGuid().ToString();
                return ChannelToken.Sign(channel.ChannelKey, FakeChannel.ChannelKeyId, claims);
            case "wrong issuer":
                claims["iss"] = "https://sts.example.com/";
                return ChannelToken.Sign(channel.ChannelKey, FakeChannel.ChannelKeyId, claims);
            case "bad signature (another key, same kid)":
                using (var impostor = RSA.Create(2048))
                {
                    return ChannelToken.Sign(impostor, FakeChannel.ChannelKeyId, claims);
                }
            case "unknown kid":
                using (var unknown = RSA.Create(2048))
                {
                    return ChannelToken.Sign(unknown, "unknown-key", claims);
                }
            case "key not endorsed for msteams":
                return ChannelToken.Sign(channel.WebChatKey, FakeChannel.WebChatKeyId, claims);
            case "serviceurl claim of another connector":
                claims["serviceurl"] = "https://smba.trafficmanager.net/amer/";
                return ChannelToken.Sign(channel.ChannelKey, FakeChannel.ChannelKeyId, claims);
            case "not a JWT":
                return "this-is-not-a-token";
            case "unsigned (alg none)":
                var good = ChannelToken.Sign(channel.ChannelKey, FakeChannel.ChannelKeyId, claims).Split('.');
                var header = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"none\",\"typ\":\"JWT\"}"));
                return $"{header}.{good[1]}.";
            default:
                throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }
    }

    /// <summary>The recorded personal message, in a conversation of its own so tests can tell their replies apart.</summary>
    private JsonObject Activity(string text)
    {
        var activity = RecordedActivity.PersonalText(text, fixture.Connector.ServiceUrl);
        activity["conversation"]!["id"] = "a:" + Guid.NewGuid().ToString("N");
        return activity;
    }

    private static string ConversationOf(JsonObject activity) => activity["conversation"]!["id"]!.GetValue<string>();

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7f))]);

    /// <summary>
    /// Changes one to three characters of the signed part (header and claims). The signature's own last character is
    /// left alone: a change in its unused bits would decode to the same signature.
    /// </summary>
    private static string Mutate(string token, Random random)
    {
        var chars = token.ToCharArray();
        var signedLength = token.LastIndexOf('.');
        for (var i = 0; i < random.Next(1, 4); i++)
        {
            var at = random.Next(signedLength);
            char replacement;
            do
            {
                replacement = (char)random.Next(0x21, 0x7f);
            }
            while (replacement == chars[at]);
            chars[at] = replacement;
        }
        return new string(chars);
    }
}
