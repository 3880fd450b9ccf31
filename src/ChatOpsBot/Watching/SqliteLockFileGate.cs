using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Watching;

/// <summary>
/// One poller per SQLite file: the process holding <c>watches.db.lock</c> (an exclusive lock the operating system drops
/// when the process exits, however it exits) polls; another process on the same file stands by, says so once in its
/// log, and takes over at its next round after the first one is gone. Its users' commands work meanwhile.
/// </summary>
public sealed partial class SqliteLockFileGate : IPollingGate, IDisposable
{
    public const string LockFileName = SqliteWatchStore.FileName + ".lock";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _sync = new();
    private FileStream? _lock;
    private bool _saidStandingBy;

    // The lock sits beside the file the store resolved (the data folder is resolved, and an old store moved, once).
    public SqliteLockFileGate(SqliteWatchStore store, ILogger<SqliteLockFileGate> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        _path = Path.Combine(Path.GetDirectoryName(store.DatabasePath)!, LockFileName);
        _logger = logger;
    }

    public Task<bool> MayPollAsync(CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            if (_lock is not null)
            {
                return Task.FromResult(true);
            }
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                // FileShare.None is an exclusive advisory lock (flock) on Unix and a sharing lock on Windows.
                _lock = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (_saidStandingBy)
                {
                    LogTookOver(_logger, _path);
                }
                return Task.FromResult(true);
            }
            catch (IOException)
            {
                if (!_saidStandingBy)
                {
                    _saidStandingBy = true;
                    LogStandingBy(_logger, _path);
                }
                return Task.FromResult(false);
            }
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _lock?.Dispose();
            _lock = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Another process polls the watches of this SQLite store ({LockFile} is held): this one stands by and takes over if that one exits. Several instances need Watching:Store = Postgres")]
    private static partial void LogStandingBy(ILogger logger, string lockFile);

    [LoggerMessage(Level = LogLevel.Information, Message = "Took over polling the SQLite store ({LockFile}): the other process exited")]
    private static partial void LogTookOver(ILogger logger, string lockFile);
}
