using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Watching;

/// <summary>
/// Where <c>watches.db</c> lives. <c>Watching:DataFolder</c> empty (the default) means a per-user application data
/// folder (<c>~/.local/share/ChatOpsBot</c> on Linux, <c>%LOCALAPPDATA%\ChatOpsBot</c> on Windows), which a redeploy
/// of the binaries leaves alone; a store found at the old default, <c>data/</c> next to the binaries, is moved there
/// once. A folder on a network filesystem gets a warning: SQLite's locking and WAL are not safe there.
/// </summary>
public sealed partial class WatchDataFolder(ILogger logger, string? localApplicationData = null, string mountsFile = WatchDataFolder.LinuxMountsFile)
{
    public const string ApplicationFolderName = "ChatOpsBot";

    /// <summary>The default before this class: relative to the binaries, so each redeploy lost the watches.</summary>
    public const string LegacyFolderName = "data";

    public const string LinuxMountsFile = "/proc/mounts";

    private const string FileName = "watches.db";

    /// <summary>The WAL holds commits not yet copied into the main file: the three move together or not at all.</summary>
    private static readonly string[] StoreFiles = [FileName, FileName + "-wal", FileName + "-shm"];

    private static readonly string[] NetworkFilesystems = ["nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "lustre", "afs"];

    /// <summary>
    /// The absolute folder of <c>watches.db</c> for this setting, created; with the default setting, a store at the
    /// old default is moved into it first.
    /// </summary>
    public string Prepare(string? configuredFolder, string contentRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentRoot);
        var folder = string.IsNullOrWhiteSpace(configuredFolder)
            ? PrepareDefault(contentRoot)
            : Path.GetFullPath(configuredFolder, contentRoot);
        WarnIfOnNetworkFilesystem(folder);
        return folder;
    }

    private string PrepareDefault(string contentRoot)
    {
        var legacy = Path.GetFullPath(LegacyFolderName, contentRoot);
        var baseFolder = localApplicationData ?? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData,
            Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(baseFolder))
        {
            LogNoUserFolder(logger, legacy, "the user has no home folder (HOME is unset and none is known)");
            return legacy;
        }
        var folder = Path.Combine(baseFolder, ApplicationFolderName);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNoUserFolder(logger, legacy, $"{folder} cannot be created ({e.Message})");
            return legacy;
        }
        MoveLegacyStore(legacy, folder);
        return folder;
    }

    private void MoveLegacyStore(string legacy, string folder)
    {
        if (!File.Exists(Path.Combine(legacy, FileName)))
        {
            return;
        }
        if (File.Exists(Path.Combine(folder, FileName)))
        {
            LogLegacyLeftAlone(logger, Path.Combine(legacy, FileName), Path.Combine(folder, FileName));
            return;
        }
        // Copied under temporary names, then renamed with watches.db last: a crash half-way leaves the old store
        // whole and no watches.db in the new folder, so the next start moves it again.
        var present = StoreFiles.Where(f => File.Exists(Path.Combine(legacy, f))).ToList();
        foreach (var file in present)
        {
            File.Copy(Path.Combine(legacy, file), Path.Combine(folder, file + ".moving"), overwrite: true);
        }
        foreach (var file in present.AsEnumerable().Reverse())
        {
            File.Move(Path.Combine(folder, file + ".moving"), Path.Combine(folder, file), overwrite: true);
        }
        foreach (var file in present)
        {
            File.Delete(Path.Combine(legacy, file));
        }
        LogMoved(logger, legacy, folder);
    }

    private void WarnIfOnNetworkFilesystem(string folder)
    {
        if (FilesystemOf(folder) is { } filesystem && IsNetwork(filesystem))
        {
            LogNetworkFilesystem(logger, folder, filesystem);
        }
    }

    /// <summary>The type of the filesystem mounted at the longest mount point that holds the folder; null when unknown.</summary>
    private string? FilesystemOf(string folder)
    {
        if (!File.Exists(mountsFile))
        {
            return null;
        }
        string? type = null;
        var longest = -1;
        foreach (var line in File.ReadLines(mountsFile))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3)
            {
                continue;
            }
            // The kernel writes a space in a mount point as \040.
            var mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal).TrimEnd('/');
            var holds = mountPoint.Length == 0
                || folder.Equals(mountPoint, StringComparison.Ordinal)
                || folder.StartsWith(mountPoint + "/", StringComparison.Ordinal);
            if (holds && mountPoint.Length > longest)
            {
                longest = mountPoint.Length;
                type = fields[2];
            }
        }
        return type;
    }

    private static bool IsNetwork(string filesystem) =>
        NetworkFilesystems.Contains(filesystem, StringComparer.Ordinal)
        // FUSE mounts are mostly remote (Azure blobfuse, sshfs, s3fs); fuse-overlayfs is a rootless container's own disk.
        || (filesystem.StartsWith("fuse.", StringComparison.Ordinal) && filesystem != "fuse.fuse-overlayfs");

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved the watch store from {LegacyFolder} (next to the binaries, wiped by a redeploy) to {Folder}")]
    private static partial void LogMoved(ILogger logger, string legacyFolder, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A watch store is left at the old default {LegacyPath}: {Path} already exists and is the one used. Delete the old one, or set Watching:DataFolder to use it")]
    private static partial void LogLegacyLeftAlone(ILogger logger, string legacyPath, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No per-user data folder for the watch store ({Reason}): using {Folder} next to the binaries, which a redeploy wipes. Set Watching:DataFolder to storage that survives a redeploy")]
    private static partial void LogNoUserFolder(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The watch store's folder {Folder} is on a network filesystem ({Filesystem}): SQLite's locking and WAL are not safe there, and watches may be lost or notified twice. Use PostgreSQL (Watching:Store=Postgres) or a local disk")]
    private static partial void LogNetworkFilesystem(ILogger logger, string folder, string filesystem);
}
