using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The Bot Framework channel's security services on loopback HTTPS: OpenID metadata and signing keys (with
/// endorsements) for tokens the channel sends the bot, and an ADFS-style token endpoint that gives the bot the
/// bearer token for its own calls to the connector. <see cref="BotSettings"/> points the SDK at all of it.
/// </summary>
public sealed class FakeChannel : IAsyncDisposable
{
    /// <summary>What the SDK expects in <c>iss</c>; configured as <c>ToBotFromChannelTokenIssuer</c>.</summary>
    public const string Issuer = "https://api.botframework.com";
    public const string OAuthScope = "https://api.botframework.com";
    public const string ChannelKeyId = "channel-key";
    public const string WebChatKeyId = "webchat-key";

    private readonly WebApplication _app;
    private readonly string _appId;
    private readonly string _appPassword;
    private readonly ConcurrentQueue<TokenRequest> _tokenRequests = new();
    private readonly ConcurrentQueue<string> _issuedTokens = new();

    private FakeChannel(WebApplication app, string appId, string appPassword)
    {
        _app = app;
        _appId = appId;
        _appPassword = appPassword;
    }

    /// <summary>Signs for msteams: the key real Teams traffic is signed with.</summary>
    public RSA ChannelKey { get; } = RSA.Create(2048);

    /// <summary>Published, but endorsed for webchat only.</summary>
    public RSA WebChatKey { get; } = RSA.Create(2048);

    public Uri BaseAddress { get; private set; } = null!;

    public string MetadataUrl => new Uri(BaseAddress, ".well-known/openid-configuration").ToString();

    /// <summary>An ADFS-style authority, so MSAL goes straight to <c>{authority}/oauth2/token</c> without discovery.</summary>
    public string LoginUrl => new Uri(BaseAddress, "adfs").ToString();

    public IReadOnlyList<TokenRequest> TokenRequests => [.. _tokenRequests];

    /// <summary>Every bearer token handed to the bot.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. _issuedTokens];

    public static async Task<FakeChannel> StartAsync(LoopbackCertificate certificate, string appId, string appPassword)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate.Server)));
        var app = builder.Build();
        var channel = new FakeChannel(app, appId, appPassword);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = new Uri(channel.BaseAddress, "adfs/oauth2/authorize").ToString(),
            ["token_endpoint"] = new Uri(channel.BaseAddress, "adfs/oauth2/token").ToString(),
            ["jwks_uri"] = new Uri(channel.BaseAddress, "keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/keys", () => Results.Json(new JsonObject
        {
            ["keys"] = new JsonArray(
                ChannelToken.PublicJwk(channel.ChannelKey, ChannelKeyId, "msteams", "skype"),
                ChannelToken.PublicJwk(channel.WebChatKey, WebChatKeyId, "webchat")),
        }));
        app.MapPost("/adfs/oauth2/token", channel.IssueAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        channel.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return channel;
    }

    /// <summary>The settings that point the bot's SDK at this channel (all of them: any one switches it to parameterized mode).</summary>
    public IReadOnlyDictionary<string, string> BotSettings() => new Dictionary<string, string>
    {
        ["ToBotFromChannelOpenIdMetadataUrl"] = MetadataUrl,
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = MetadataUrl,
        ["ToBotFromChannelTokenIssuer"] = Issuer,
        ["ToChannelFromBotLoginUrl"] = LoginUrl,
        ["ToChannelFromBotOAuthScope"] = OAuthScope,
        ["OAuthUrl"] = new Uri(BaseAddress, "oauth").ToString(),
        ["ValidateAuthority"] = "false",
        ["CallerId"] = "urn:botframework:azure",
    };

    /// <summary>
    /// The claims of a good channel token for the bot (<paramref name="audience"/> = its app id) and the activity's
    /// serviceUrl, valid from a minute ago for an hour. Tests spoil one claim at a time.
    /// </summary>
    public static JsonObject Claims(string audience, string serviceUrl)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now - 60,
            ["iat"] = now - 60,
            ["exp"] = now + 3600,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        ChannelKey.Dispose();
        WebChatKey.Dispose();
    }

    private async Task<IResult> IssueAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var clientId = form["client_id"].ToString();
        var secretMatches = form["client_secret"].ToString() == _appPassword;
        _tokenRequests.Enqueue(new TokenRequest(clientId, form["scope"].ToString(), form["grant_type"].ToString(), secretMatches));
        if (clientId != _appId || !secretMatches)
        {
            return Results.Json(new { error = "invalid_client", error_description = "unknown client or wrong secret" }, statusCode: 401);
        }
        var token = "bot-token-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
        _issuedTokens.Enqueue(token);
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = token });
    }
}
