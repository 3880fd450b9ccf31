using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The bot as a Production process with an app id, and no route to the identity provider: every SDK metadata setting
/// points at a loopback port where nothing listens, as behind an egress firewall. A token the bot cannot check is
/// 503 with Retry-After (try later), not 500; a missing or garbage token is still 401; readiness says Degraded and
/// stays 200; the log names the metadata URL and holds no stack trace.
/// </summary>
public sealed class IdentityProviderOutageTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Without_the_identity_provider_a_token_is_answered_503_and_a_wrong_one_401_with_no_stack_trace()
    {
        var deadPort = UnusedLoopbackPort();
        var dead = $"https://127.0.0.1:{deadPort}";
        var metadataUrl = $"{dead}/v1/.well-known/openidconfiguration";
        var appId = ProductionHostFactory.ValidSettings(_data.Path)["MicrosoftAppId"]!;
        var environment = ProductionHostFactory.AsEnvironment(ProductionHostFactory.ValidSettings(_data.Path));
        environment["ToBotFromChannelOpenIdMetadataUrl"] = metadataUrl;
        environment["ToBotFromEmulatorOpenIdMetadataUrl"] = metadataUrl;
        environment["ToBotFromChannelTokenIssuer"] = "https://api.botframework.com";
        environment["ToChannelFromBotLoginUrl"] = $"{dead}/adfs";
        environment["ToChannelFromBotOAuthScope"] = "https://api.botframework.com";
        environment["OAuthUrl"] = $"{dead}/oauth";
        environment["ValidateAuthority"] = "false";
        environment["CallerId"] = "urn:botframework:azure";
        await using var bot = await SecureBotProcess.StartAsync(environment);
        var activity = RecordedActivity.PersonalText("help", new Uri("https://smba.trafficmanager.net/amer/"));
        string wellFormed;
        using (var unknownKey = RSA.Create(2048))
        {
            wellFormed = ChannelToken.Sign(unknownKey, "a-key-never-fetched", FakeChannel.Claims(appId, "https://smba.trafficmanager.net/amer/"));
        }

        using var first = await PostAsync(bot, activity, wellFormed);
        using var second = await PostAsync(bot, activity, wellFormed);
        using var missing = await PostAsync(bot, activity, null);
        using var garbage = await PostAsync(bot, activity, "not-a-token");
        using var ready = await bot.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        await bot.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), first.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", await ready.Content.ReadAsStringAsync());
        var log = bot.Output;
        Assert.Contains($"Cannot read the Bot Framework identity provider's metadata at {metadataUrl}", log, StringComparison.Ordinal);
        Assert.Contains("Connection refused", log, StringComparison.Ordinal);
        // Readiness says why it is degraded, in the log only.
        Assert.Contains("Health check identity-provider with status Degraded", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(wellFormed, log, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(SecureBotProcess bot, System.Text.Json.Nodes.JsonObject activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return await bot.Http.SendAsync(request);
    }

    /// <summary>A loopback port that was free a moment ago, with nothing listening on it.</summary>
    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
