namespace ChatOpsBot.Watching;

/// <summary><c>Watching:Store</c>.</summary>
public enum WatchStoreKind
{
    /// <summary>A SQLite file: the embedded store for one instance.</summary>
    Sqlite,

    /// <summary>PostgreSQL: several instances share the watches and the work.</summary>
    Postgres,
}
