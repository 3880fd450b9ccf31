using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatOpsBot.Simulator;
using ChatOpsBot.Tests.Infrastructure;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The bot as its own Production process with a real app id and password, its channel security pointed at a
/// <see cref="FakeChannel"/> on loopback HTTPS, replies going to a <see cref="FakeConnector"/>, and ModelArts
/// answered by the simulator with AK/SK and a security token. Everything is made anew per fixture (fresh ports:
/// the SDK caches signing keys per metadata URL for the life of a process).
/// </summary>
public class AuthenticatedBotFixture : IAsyncLifetime
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";
    public const string ProjectId = "7d0c1e2d3a4b5c6d7e8f90a1b2c3d4e5";

    private string _dataFolder = null!;

    public string AppId { get; } = Guid.NewGuid().ToString();

    public string AppPassword { get; } = "app-password-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    public string AccessKey { get; } = "TESTAK" + RandomNumberGenerator.GetHexString(14);

    public string SecretKey { get; } = "test-sk-" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public string SecurityToken { get; } = "test-security-token-" + RandomNumberGenerator.GetHexString(40, lowercase: true);

    public LoopbackCertificate Certificate { get; private set; } = null!;

    public FakeChannel Channel { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public SimulatorHost Simulator { get; private set; } = null!;

    public SecureBotProcess Bot { get; private set; } = null!;

    /// <summary>Every channel token the tests sent, so the log checks can look for them.</summary>
    public List<string> SentTokens { get; } = [];

    /// <summary>Settings added by a derived fixture (log levels, poll intervals).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Certificate = LoopbackCertificate.Create();
        Channel = await FakeChannel.StartAsync(Certificate, AppId, AppPassword);
        Connector = await FakeConnector.StartAsync();
        Simulator = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SecurityToken = SecurityToken,
            ProjectId = ProjectId,
            SlowDelay = TimeSpan.FromSeconds(30),
        });
        _dataFolder = Directory.CreateTempSubdirectory("chatopsbot-secure-").FullName;
        var settings = new Dictionary<string, string>(Channel.BotSettings())
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SSL_CERT_FILE"] = Certificate.AuthorityPemPath,
            ["MicrosoftAppType"] = "MultiTenant",
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = AppPassword,
            ["Security__AllowedTenantIds__0"] = TenantId,
            ["ModelArts__Endpoint"] = Simulator.BaseAddress.ToString(),
            ["ModelArts__ProjectId"] = ProjectId,
            ["ModelArts__AccessKey"] = AccessKey,
            ["ModelArts__SecretKey"] = SecretKey,
            ["ModelArts__SecurityToken"] = SecurityToken,
            ["Watching__DataFolder"] = _dataFolder,
            // The fake connector is on loopback, which a Production bot posts to only when told (after the public hosts).
            ["Bot__AllowedServiceUrlHosts__9"] = "127.0.0.1",
            // Replies are counted: "typing…" on a slow, loaded machine would be one more.
            ["Bot__TypingDelay"] = "01:00:00",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }
        Bot = await SecureBotProcess.StartAsync(settings);
    }

    /// <summary>A good channel token for <paramref name="activity"/>, signed with the msteams key.</summary>
    public string GoodToken(JsonObject activity) =>
        ChannelToken.Sign(Channel.ChannelKey, FakeChannel.ChannelKeyId, Claims(activity));

    /// <summary>The claims of a good token for <paramref name="activity"/>; tests spoil one at a time.</summary>
    public JsonObject Claims(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return FakeChannel.Claims(AppId, activity["serviceUrl"]!.GetValue<string>());
    }

    /// <summary>Posts the activity with <c>Authorization: Bearer {token}</c> (no header when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = JsonContent.Create(activity) };
        if (token is not null)
        {
            lock (SentTokens)
            {
                SentTokens.Add(token);
            }
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        return await Bot.Http.SendAsync(request);
    }

    /// <summary>Waits until the connector has recorded at least <paramref name="count"/> calls matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForCallsAsync(Func<ConnectorCall, bool> match, int count = 1, int timeoutSeconds = 30)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(timeoutSeconds);
        while (true)
        {
            var calls = Connector.Calls.Where(match).ToList();
            if (calls.Count >= count || TimeProvider.System.GetUtcNow() > deadline)
            {
                return calls;
            }
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (Bot is not null)
        {
            await Bot.DisposeAsync();
        }
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
        if (Connector is not null)
        {
            await Connector.DisposeAsync();
        }
        if (Channel is not null)
        {
            await Channel.DisposeAsync();
        }
        Certificate?.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
