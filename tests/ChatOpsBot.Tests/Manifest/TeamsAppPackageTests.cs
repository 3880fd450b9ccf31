using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatOpsBot.Tests.Cards;

namespace ChatOpsBot.Tests.Manifest;

/// <summary>
/// The sideloadable Teams app package, built by manifest/build-package.mjs and checked by manifest/validate.mjs against
/// the official schema that @microsoft/app-manifest bundles (offline).
/// </summary>
public sealed class TeamsAppPackageTests : IDisposable
{
    private const string AppId = "3f2a8c1e-5b7d-4e90-a1c2-d3e4f5a6b7c8";
    private const string Domain = "chatopsbot.contoso.example";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("chatopsbot-package-");

    [Fact]
    public void The_package_holds_exactly_the_manifest_and_two_icons_with_the_app_id_and_domain_filled_in()
    {
        var zip = Build(AppId, Domain);

        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(reader.ReadToEnd())!;
        Assert.Equal(AppId, manifest["id"]!.GetValue<string>());
        Assert.Equal(AppId, manifest["bots"]![0]!["botId"]!.GetValue<string>());
        Assert.Equal([Domain], manifest["validDomains"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_scope_lists_the_ten_commands()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Manifest, "manifest.json")))!;
        var bot = manifest["bots"]![0]!;

        foreach (var scope in new[] { "personal", "team", "groupChat" })
        {
            Assert.Contains(scope, bot["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
            var commands = bot["commandLists"]!.AsArray()
                .Where(list => list!["scopes"]!.AsArray().Any(s => s!.GetValue<string>() == scope))
                .SelectMany(list => list!["commands"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
            Assert.Equal(["help", "job", "jobs", "mute", "subscribe", "subscriptions", "unsubscribe", "unwatch", "watch", "watching"],
                commands.Order(StringComparer.Ordinal));
        }
        var version = manifest["manifestVersion"]!.GetValue<string>();
        Assert.True(Version.Parse(version) >= new Version(1, 19), $"manifest schema {version} is older than 1.19");
    }

    [Fact]
    public void The_built_package_passes_the_official_schema_and_the_icon_rules()
    {
        var zip = Build(AppId, Domain);

        var result = NodeScripts.RunIn(RepositoryPaths.Manifest, "validate.mjs", [zip], NodeTimeout);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Empty(JsonNode.Parse(result.Output)!["errors"]!.AsArray());
    }

    [Fact]
    public void The_validator_rejects_a_manifest_that_breaks_the_schema()
    {
        var zip = Build(AppId, Domain);
        var broken = Path.Combine(_folder.FullName, "broken");
        ZipFile.ExtractToDirectory(zip, broken);
        var manifestPath = Path.Combine(broken, "manifest.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["accentColor"] = "red";
        manifest["bots"]![0]!.AsObject().Remove("botId");
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var result = NodeScripts.RunIn(RepositoryPaths.Manifest, "validate.mjs", [manifestPath], NodeTimeout);

        Assert.Equal(1, result.ExitCode);
        var errors = JsonNode.Parse(result.Output)!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains(errors, e => e.Contains("/accentColor", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("botId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not-a-guid", Domain, "app id")]
    [InlineData(AppId, "https://chatopsbot.contoso.example/api/messages", "domain")]
    [InlineData(AppId, "", "domain")]
    public void A_bad_app_id_or_domain_stops_the_build_with_a_message_saying_which(string appId, string domain, string named)
    {
        var output = Path.Combine(_folder.FullName, "bad.zip");
        var result = NodeScripts.RunIn(RepositoryPaths.Manifest, "build-package.mjs",
            ["--app-id", appId, "--domain", domain, "--out", output], NodeTimeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void The_committed_icons_are_what_the_icon_script_draws()
    {
        var color = File.ReadAllBytes(Path.Combine(RepositoryPaths.Manifest, "color.png"));
        var outline = File.ReadAllBytes(Path.Combine(RepositoryPaths.Manifest, "outline.png"));
        var copy = Path.Combine(_folder.FullName, "icons");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(RepositoryPaths.Manifest, "draw-icons.mjs"), Path.Combine(copy, "draw-icons.mjs"));

        var result = NodeScripts.RunIn(RepositoryPaths.Manifest, Path.Combine(copy, "draw-icons.mjs"), [], NodeTimeout);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(color, File.ReadAllBytes(Path.Combine(copy, "color.png")));
        Assert.Equal(outline, File.ReadAllBytes(Path.Combine(copy, "outline.png")));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private string Build(string appId, string domain)
    {
        var zip = Path.Combine(_folder.FullName, "ChatOpsBot-teams-app.zip");
        var result = NodeScripts.RunIn(RepositoryPaths.Manifest, "build-package.mjs",
            ["--app-id", appId, "--domain", domain, "--out", zip], NodeTimeout);
        Assert.True(result.ExitCode == 0, result.Error);
        return zip;
    }
}
