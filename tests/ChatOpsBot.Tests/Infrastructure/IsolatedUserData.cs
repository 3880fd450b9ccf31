namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// The per-user data folder a bot process started by a test sees (<c>XDG_DATA_HOME</c>, where .NET finds
/// LocalApplicationData): a fresh temporary one, so a test's bot never reads, writes or imports the <c>watches.db</c> of
/// the developer running the tests (a PostgreSQL bot imports and renames the one it finds there).
/// </summary>
internal sealed class IsolatedUserData : IDisposable
{
    public const string Variable = "XDG_DATA_HOME";

    public string Path { get; } = Directory.CreateTempSubdirectory("chatopsbot-user-data-").FullName;

    /// <summary>A fresh folder unless the test chose one itself.</summary>
    public static IsolatedUserData? Unless(IEnumerable<string> variables) =>
        variables.Contains(Variable, StringComparer.Ordinal) ? null : new IsolatedUserData();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file in it: the temporary folder is left to the system.
        }
    }
}
