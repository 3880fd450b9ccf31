namespace ChatOpsBot.Watching;

/// <summary>
/// The SQLite schema of <c>watches.db</c>, as ordered migrations. Append a migration to change it; never edit one
/// that has shipped, since existing files already ran it.
/// </summary>
internal static class WatchSchema
{
    // Times are Unix milliseconds (UTC); snapshots are JobSnapshot as JSON. AUTOINCREMENT keeps ids from being
    // reused, so the poller's writes keyed by the id of a removed watch never land on a newer one.
    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, "watches", """
            CREATE TABLE watches (
                id                     INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id        TEXT    NOT NULL,
                job_id                 TEXT    NOT NULL,
                requested_by_id        TEXT    NOT NULL,
                requested_by_name      TEXT,
                conversation_reference TEXT    NOT NULL,
                service_url            TEXT    NOT NULL,
                tenant_id              TEXT,
                created_at_ms          INTEGER NOT NULL,
                card_activity_id       TEXT,
                last_seen_json         TEXT,
                last_notified_json     TEXT,
                next_poll_at_ms        INTEGER NOT NULL,
                disabled_reason        TEXT,
                disabled_at_ms         INTEGER,
                UNIQUE (conversation_id, job_id)
            );
            CREATE INDEX ix_watches_due ON watches (next_poll_at_ms) WHERE disabled_at_ms IS NULL;
            """),
    ];
}
