using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Security;

/// <summary>
/// <see cref="AuthenticatedBotFixture"/> logging everything at Trace (every category the repository's
/// appsettings.json names, with scopes), and polling watches every second so a proactive send happens in the test.
/// </summary>
public sealed class TracedBotFixture : AuthenticatedBotFixture
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Trace",
                ["Logging__Console__IncludeScopes"] = "true",
                ["Watching__FastPollInterval"] = "00:00:01",
                ["Watching__PollInterval"] = "00:00:02",
            };
            var appsettings = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!;
            foreach (var (category, _) in appsettings["Logging"]!["LogLevel"]!.AsObject())
            {
                settings[$"Logging__LogLevel__{category}"] = "Trace";
            }
            return settings;
        }
    }
}
