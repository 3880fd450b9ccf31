using ChatOpsBot.Bot;
using ChatOpsBot.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Tests.Security;

/// <summary>Which serviceUrls the bot posts to: allow-listed Bot Framework hosts with an app id, loopback only without.</summary>
public sealed class ServiceUrlPolicyTests
{
    private static readonly string[] PublicCloud = ["smba.trafficmanager.net", "*.botframework.com", "*.teams.microsoft.com"];

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://SMBA.trafficmanager.net/emea/", true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams", true)]
    [InlineData("https://webchat.botframework.com/", true)]
    [InlineData("http://smba.trafficmanager.net/amer/", false)]
    [InlineData("https://botframework.com/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    [InlineData("https://smba.trafficmanager.net.attacker.example/", false)]
    [InlineData("https://attacker.example/smba.trafficmanager.net/", false)]
    [InlineData("https://user@attacker.example/", false)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/teams", false)]
    [InlineData("http://127.0.0.1:56150/_connector", false)]
    [InlineData("http://localhost:56150/_connector", false)]
    [InlineData("not a url", false)]
    public void Outside_Development_with_an_app_id_only_listed_hosts_over_https_are_allowed(string serviceUrl, bool allowed) =>
        Assert.Equal(allowed, Policy("Production", appId: true, PublicCloud).IsAllowed(serviceUrl));

    [Fact]
    public void A_sovereign_cloud_is_allowed_once_its_hosts_are_listed() =>
        Assert.True(Policy("Production", appId: true, [.. PublicCloud, "*.teams.microsoft.us"]).IsAllowed("https://smba.infra.gov.teams.microsoft.us/teams"));

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public void Without_an_app_id_only_loopback_is_allowed(string environment)
    {
        var policy = Policy(environment, appId: false, PublicCloud);
        Assert.True(policy.IsAllowed("http://localhost:56150/_connector"));
        Assert.True(policy.IsAllowed("http://127.0.0.1:3979/"));
        Assert.True(policy.IsAllowed("http://[::1]:3979/"));
        Assert.False(policy.IsAllowed("https://smba.trafficmanager.net/amer/"));
        Assert.False(policy.IsAllowed("https://webchat.botframework.com/"));
    }

    [Fact]
    public void In_Development_with_an_app_id_listed_hosts_and_loopback_are_allowed()
    {
        var policy = Policy("Development", appId: true, PublicCloud);
        Assert.True(policy.IsAllowed("https://smba.trafficmanager.net/amer/"));
        Assert.True(policy.IsAllowed("http://localhost:3979/"));
        Assert.False(policy.IsAllowed("https://attacker.example/"));
    }

    private static ServiceUrlPolicy Policy(string environment, bool appId, string[] hosts)
    {
        var options = new BotOptions();
        foreach (var host in hosts)
        {
            options.AllowedServiceUrlHosts.Add(host);
        }
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MicrosoftAppId"] = appId ? "6b3c2f4e-8a1d-4c5b-9e7f-0a1b2c3d4e5f" : "" })
            .Build();
        return new ServiceUrlPolicy(new StaticOptions(options), configuration, new Environment(environment));
    }

    private sealed class StaticOptions(BotOptions value) : IOptionsMonitor<BotOptions>
    {
        public BotOptions CurrentValue => value;

        public BotOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BotOptions, string?> listener) => null;
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ChatOpsBot";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
