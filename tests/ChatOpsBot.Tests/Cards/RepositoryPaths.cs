namespace ChatOpsBot.Tests.Cards;

/// <summary>Files the tests read from the repository itself (test data, the node scripts), found from the test binary.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestData(params string[] parts) =>
        Path.Combine([Root, "tests", "ChatOpsBot.Tests", "TestData", .. parts]);

    public static string NodeScripts => Path.Combine(Root, "tests", "node");

    public static string Manifest => Path.Combine(Root, "manifest");

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
