using System.Reflection;

namespace ChatOpsBot.E2E.Infrastructure;

/// <summary>What the end-to-end tests run: the built bot, the Playground from tests/node, and the system Chromium.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodePackages => Path.Combine(Root, "tests", "node");

    public static string PlaygroundCli =>
        Path.Combine(NodePackages, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    /// <summary>ChatOpsBot.dll as the build wrote it (recorded by the project file at build time).</summary>
    public static string BotAssembly { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "ChatOpsBotAssembly")?.Value is { Length: > 0 } path
            ? path
            : throw new InvalidOperationException("The test assembly does not say where ChatOpsBot.dll was built; rebuild tests/ChatOpsBot.E2E.");

    /// <summary>Debian's chromium (tests/run.sh installs it), or <c>CHROMIUM_PATH</c>.</summary>
    public static string Chromium =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Screenshots, page dumps and process logs of the last run, next to the test binaries.</summary>
    public static string Artifacts => Path.Combine(AppContext.BaseDirectory, "artifacts", "e2e");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChatOpsBot.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No ChatOpsBot.sln above {AppContext.BaseDirectory}.");
    }
}
