using Microsoft.Data.Sqlite;

namespace ChatOpsBot.Tests.Watching.Support;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chatopsbot-watch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        // Pooled connections of stores a test did not dispose would keep the file open.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
