using System.Text.Json.Nodes;
using ChatOpsBot.Security;
using ChatOpsBot.Tests.Cards;
using ChatOpsBot.Tests.Watching.Support;
using Microsoft.Extensions.Configuration;

namespace ChatOpsBot.Tests.Security;

/// <summary>Secrets live in the environment, user-secrets or a key vault: never in the committed appsettings.json.</summary>
public sealed class SecretPlacementTests : IDisposable
{
    private const string Password = "pasted-by-mistake-Qw7Er9Ty2Ui4";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_repository_appsettings_json_holds_no_secret_and_does_not_allow_anonymous_traffic()
    {
        var appsettings = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "appsettings.json")))!;

        foreach (var key in (string[])["MicrosoftAppPassword", "ModelArts:AccessKey", "ModelArts:SecretKey", "ModelArts:SecurityToken"])
        {
            var node = key.Split(':').Aggregate<string, JsonNode?>(appsettings, (parent, part) => parent?[part]);
            Assert.True(node is null || node.GetValue<string>().Length == 0, $"appsettings.json has a value for {key}.");
        }
        Assert.False(appsettings["Bot"]!["AllowAnonymous"]!.GetValue<bool>());
    }

    [Fact]
    public void A_secret_in_an_appsettings_file_is_refused_naming_the_setting_and_the_file_but_not_the_value()
    {
        var configuration = Configuration(("appsettings.Production.json", $$"""{ "MicrosoftAppPassword": "{{Password}}", "ModelArts": { "SecretKey": "{{Password}}x" } }"""));

        var result = new SecretSourcesValidator(configuration).Validate(null, new AccessPolicyOptions());

        Assert.True(result.Failed);
        Assert.Contains("MicrosoftAppPassword has a value in appsettings.Production.json", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ModelArts:SecretKey has a value in appsettings.Production.json", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("environment variable ModelArts__SecretKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_from_user_secrets_or_the_environment_are_where_they_belong()
    {
        var configuration = Configuration(
            ("appsettings.json", """{ "MicrosoftAppPassword": "", "ModelArts": { "Region": "cn-north-4" } }"""),
            ("secrets.json", $$"""{ "MicrosoftAppPassword": "{{Password}}" }"""));

        var result = new SecretSourcesValidator(configuration).Validate(null, new AccessPolicyOptions());

        Assert.False(result.Failed);
    }

    private IConfigurationRoot Configuration(params (string File, string Json)[] files)
    {
        var builder = new ConfigurationBuilder().SetBasePath(_folder.Path);
        foreach (var (file, json) in files)
        {
            File.WriteAllText(Path.Combine(_folder.Path, file), json);
            builder.AddJsonFile(file);
        }
        return builder.AddInMemoryCollection(new Dictionary<string, string?> { ["ModelArts:AccessKey"] = "from-the-environment" }).Build();
    }
}
