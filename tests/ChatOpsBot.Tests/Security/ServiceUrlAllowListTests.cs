using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Infrastructure;
using ChatOpsBot.Tests.Watching.Support;
using ChatOpsBot.Watching;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// The bot posts only where it should: an anonymous bot runs no turn whose serviceUrl is not loopback (its tenant and
/// user ids are the caller's word, so would be its serviceUrl), and a Production bot posts no watch news to a stored
/// serviceUrl outside <c>Bot:AllowedServiceUrlHosts</c>.
/// </summary>
public sealed class ServiceUrlAllowListTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_anonymous_bot_refuses_a_turn_whose_answers_would_go_to_a_public_host()
    {
        using var factory = new ProductionHostFactory(AnonymousSettings());
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/messages", Help("https://smba.trafficmanager.net/amer/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("activities", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_bot_answers_a_local_client()
    {
        using var factory = new ProductionHostFactory(AnonymousSettings());
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/messages", Help("http://127.0.0.1:56150/_connector"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]![0]!.AsObject();
        Assert.NotNull(reply.Card());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Watch_news_is_posted_only_to_an_allowed_service_host(bool loopbackListed)
    {
        await using var teams = await FakeConnector.StartAsync();
        var settings = ProductionHostFactory.ValidSettings(_data.Path);
        if (loopbackListed)
        {
            settings["Bot:AllowedServiceUrlHosts:9"] = "127.0.0.1";
        }
        using var factory = new ProductionHostFactory(settings, services => services.AddSingleton<BotFrameworkAuthentication>(sp =>
            new ConfigurationBotFrameworkAuthentication(sp.GetRequiredService<IConfiguration>(), new NoCredentials())));
        var notifier = factory.Services.GetRequiredService<IWatchNotifier>();
        var now = TimeProvider.System.GetUtcNow();
        var watch = new Watch
        {
            Id = 1,
            ConversationId = "a:stored-conversation",
            JobId = "nightly-driver-check",
            RequestedByUserId = "29:user-1",
            ConversationReference = new JsonObject
            {
                ["conversation"] = new JsonObject { ["id"] = "a:stored-conversation" },
                ["serviceUrl"] = teams.ServiceUrl.ToString(),
                ["channelId"] = "msteams",
            }.ToJsonString(),
            ServiceUrl = teams.ServiceUrl.ToString(),
            TenantId = ProductionHostFactory.TenantId,
            CreatedAt = now,
            NextPollAt = now,
        };

        var outcome = await notifier.NotifyAsync(watch,
            new JobNotification(JobNotificationKind.JobFailed, "❌ Job nightly-driver-check failed", EndsWatch: true, Snapshot: null),
            job: null, CancellationToken.None);

        if (loopbackListed)
        {
            Assert.Equal(NotifyOutcomeKind.Sent, outcome.Kind);
            Assert.Single(teams.Calls);
            return;
        }
        Assert.Empty(teams.Calls);
        Assert.Equal(NotifyOutcomeKind.ConversationGone, outcome.Kind);
    }

    private Dictionary<string, string?> AnonymousSettings()
    {
        var settings = ProductionHostFactory.ValidSettings(_data.Path);
        settings.Remove("MicrosoftAppId");
        settings.Remove("MicrosoftAppPassword");
        settings["Bot:AllowAnonymous"] = "true";
        return settings;
    }

    private static JsonObject Help(string serviceUrl)
    {
        var activity = RecordedActivity.PersonalText("help", new Uri(serviceUrl));
        activity["deliveryMode"] = "expectReplies";
        activity["conversation"]!["tenantId"] = ProductionHostFactory.TenantId;
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = ProductionHostFactory.TenantId } };
        return activity;
    }

    /// <summary>The connector is a loopback fake: the bot needs no token for it, and must not ask Microsoft for one.</summary>
    private sealed class NoCredentials : ServiceClientCredentialsFactory
    {
        public override Task<bool> IsValidAppIdAsync(string appId, CancellationToken cancellationToken) => Task.FromResult(true);

        public override Task<bool> IsAuthenticationDisabledAsync(CancellationToken cancellationToken) => Task.FromResult(false);

        public override Task<Microsoft.Rest.ServiceClientCredentials> CreateCredentialsAsync(
            string appId, string audience, string loginEndpoint, bool validateAuthority, CancellationToken cancellationToken) =>
            Task.FromResult<Microsoft.Rest.ServiceClientCredentials>(MicrosoftAppCredentials.Empty);
    }
}
