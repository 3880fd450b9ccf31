using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChatOpsBot.Tests.Cards;
using ChatOpsBot.Tests.Security;
using ChatOpsBot.Tests.Watching.Support;

namespace ChatOpsBot.Tests.Hosting;

/// <summary>
/// The Teams app manifest's privacy and terms links lead to pages the bot serves, and the package builder's
/// settings are settings the bot knows (one name each, in appsettings.json).
/// </summary>
public sealed partial class LegalPagesTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("privacyUrl", "Privacy")]
    [InlineData("termsOfUseUrl", "Terms of use")]
    public async Task The_manifests_links_lead_to_pages_the_bot_serves(string manifestField, string title)
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Manifest, "manifest.json")))!;
        var link = new Uri(manifest["developer"]![manifestField]!.GetValue<string>().Replace("${{BOT_DOMAIN}}", "chatopsbot.example.com", StringComparison.Ordinal));
        Assert.Equal("chatopsbot.example.com", link.Host);
        var settings = ProductionHostFactory.ValidSettings(_data.Path);
        settings["Bot:PublicDomain"] = "chatopsbot.example.com";
        using var factory = new ProductionHostFactory(settings);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>ChatOpsBot — {title}</h1>", page, StringComparison.Ordinal);
        Assert.Contains("https://chatopsbot.example.com/api/messages", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_setting_the_package_builder_reads_is_a_setting_of_the_bot()
    {
        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Manifest, "build-package.mjs"));
        var appsettings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "appsettings.json")))!;
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));

        var names = EnvironmentRead().Matches(script).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Equal(["MicrosoftAppId", "Bot__PublicDomain"], names);
        Assert.All(names, name =>
        {
            var path = name.Split("__");
            var node = path.Aggregate((JsonNode?)appsettings, (current, part) => current?[part]);
            Assert.True(node is not null, $"{name} is not in appsettings.json");
            Assert.Contains($"| `{string.Join(':', path)}` |", readme, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex(@"process\.env\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex EnvironmentRead();
}
