namespace ChatOpsBot.Watching;

/// <summary>The watch store cannot be reached right now (a database down or unreachable); nothing was changed.</summary>
public sealed class WatchStoreUnavailableException : Exception
{
    public WatchStoreUnavailableException()
    {
    }

    public WatchStoreUnavailableException(string message) : base(message)
    {
    }

    public WatchStoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
