using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// Outside Development the bot refuses to start with settings that would leave it open or broken, and says which
/// setting to fix without printing any secret.
/// </summary>
public sealed class StartupValidationTests : IDisposable
{
    private static readonly string[] Secrets = [ProductionHostFactory.AppPassword, ProductionHostFactory.AccessKey, ProductionHostFactory.SecretKey];

    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Production_settings_with_an_app_id_start_and_a_request_without_a_token_is_401()
    {
        using var factory = new ProductionHostFactory(ProductionHostFactory.ValidSettings(_data.Path));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/messages", RecordedActivity.PersonalText("help", new Uri("http://127.0.0.1:9/")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string, string?, string[]> BrokenSettings => new()
    {
        { "no app id outside Development", "MicrosoftAppId", null, ["MicrosoftAppId is missing", "Bot:AllowAnonymous=true"] },
        { "single tenant without its tenant", "MicrosoftAppType", "SingleTenant", ["MicrosoftAppTenantId is missing"] },
        { "no password", "MicrosoftAppPassword", null, ["MicrosoftAppPassword is missing", "environment variable MicrosoftAppPassword"] },
        { "managed identity with a password", "MicrosoftAppType", "UserAssignedMSI", ["MicrosoftAppPassword must not be set", "MicrosoftAppTenantId is missing"] },
        { "an unknown app type", "MicrosoftAppType", "MultiTenantish", ["MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI"] },
        { "no allowed tenant outside Development", "Security:AllowedTenantIds:0", null, ["Security:AllowedTenantIds is empty"] },
        { "a blank allowed user", "Security:AllowedUserObjectIds:0", " ", ["Security:AllowedUserObjectIds has an empty entry"] },
        { "no ModelArts secret key", "ModelArts:SecretKey", null, ["ModelArts:SecretKey is missing"] },
        { "a serviceUrl host given as a URL", "Bot:AllowedServiceUrlHosts:0", "https://smba.trafficmanager.net/", ["Bot:AllowedServiceUrlHosts holds \"https://smba.trafficmanager.net/\""] },
        { "a public domain given as a URL", "Bot:PublicDomain", "https://chatopsbot.example.com/", ["Bot:PublicDomain must be a host name"] },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public async Task A_broken_setting_stops_the_bot_process_naming_the_setting_and_no_secret(string why, string key, string? value, string[] expected)
    {
        var settings = ProductionHostFactory.ValidSettings(_data.Path);
        if (value is null)
        {
            settings.Remove(key);
        }
        else
        {
            settings[key] = value;
        }
        if (key == "MicrosoftAppId")
        {
            settings.Remove("MicrosoftAppPassword");
        }

        var (exitCode, output) = await SecureBotProcess.RunToExitAsync(ProductionHostFactory.AsEnvironment(settings));

        Assert.True(exitCode != 0, $"The bot started with {why}.");
        Assert.All(expected, e => Assert.Contains(e, output, StringComparison.Ordinal));
        Assert.All(Secrets, secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Anonymous_traffic_outside_Development_needs_Bot_AllowAnonymous_said_explicitly()
    {
        var settings = ProductionHostFactory.ValidSettings(_data.Path);
        settings.Remove("MicrosoftAppId");
        settings.Remove("MicrosoftAppPassword");
        settings["Bot:AllowAnonymous"] = "true";
        using var factory = new ProductionHostFactory(settings);
        using var client = factory.CreateClient();
        var activity = RecordedActivity.PersonalText("help", new Uri("http://127.0.0.1:9/"));
        activity["deliveryMode"] = "expectReplies";
        activity["conversation"]!["tenantId"] = ProductionHostFactory.TenantId;
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = ProductionHostFactory.TenantId } };

        using var response = await client.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]![0]!.AsObject();
        Assert.Contains("watch", string.Join("\n", reply.Card().CardTexts()), StringComparison.Ordinal);
    }
}
