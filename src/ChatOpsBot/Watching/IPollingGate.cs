namespace ChatOpsBot.Watching;

/// <summary>
/// Whether this process may poll now. PostgreSQL: always (claims share the work). SQLite: only the process that holds
/// the data folder's lock file; a second process on the same file stands by and takes over when the first exits.
/// </summary>
public interface IPollingGate
{
    Task<bool> MayPollAsync(CancellationToken cancellationToken);
}
