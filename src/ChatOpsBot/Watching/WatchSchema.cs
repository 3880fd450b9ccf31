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
        // Claims (a token and a lease end per row, compared in every later write) and the outbox of news.
        new(2, "claims and deliveries", """
            ALTER TABLE watches ADD COLUMN claim_token TEXT;
            ALTER TABLE watches ADD COLUMN claim_until_ms INTEGER;
            CREATE INDEX ix_watches_job ON watches (job_id);
            CREATE INDEX ix_watches_claim ON watches (claim_token);
            CREATE TABLE deliveries (
                id                     INTEGER PRIMARY KEY AUTOINCREMENT,
                watch_id               INTEGER NOT NULL,
                conversation_id        TEXT    NOT NULL,
                job_id                 TEXT    NOT NULL,
                kind                   TEXT    NOT NULL,
                text                   TEXT    NOT NULL,
                ends_watch             INTEGER NOT NULL,
                conversation_reference TEXT    NOT NULL,
                service_url            TEXT    NOT NULL,
                tenant_id              TEXT,
                requested_by_id        TEXT    NOT NULL,
                card_activity_id       TEXT,
                created_at_ms          INTEGER NOT NULL,
                next_attempt_at_ms     INTEGER NOT NULL,
                attempts               INTEGER NOT NULL,
                claim_token            TEXT,
                claim_until_ms         INTEGER,
                done_at_ms             INTEGER,
                outcome                TEXT
            );
            CREATE INDEX ix_deliveries_pending ON deliveries (conversation_id, id) WHERE done_at_ms IS NULL;
            CREATE INDEX ix_deliveries_claim ON deliveries (claim_token);
            CREATE INDEX ix_deliveries_done ON deliveries (done_at_ms) WHERE done_at_ms IS NOT NULL;
            """),
        // Subscriptions: a conversation's filters, and per subscription and job what it was told (failed task keys as
        // FailedTaskKeys encodes them), the post that opened the job's thread, whether the job is muted, and whether it was
        // already failing when the subscription was made (baseline: its first read tells nothing).
        new(3, "subscriptions", """
            CREATE TABLE subscriptions (
                id                     INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id        TEXT    NOT NULL,
                name_prefix            TEXT,
                job_type               TEXT,
                mentions_json          TEXT    NOT NULL,
                requested_by_id        TEXT    NOT NULL,
                requested_by_name      TEXT,
                conversation_reference TEXT    NOT NULL,
                service_url            TEXT    NOT NULL,
                tenant_id              TEXT,
                created_at_ms          INTEGER NOT NULL,
                disabled_reason        TEXT,
                disabled_at_ms         INTEGER
            );
            CREATE INDEX ix_subscriptions_conversation ON subscriptions (conversation_id);
            CREATE TABLE subscription_jobs (
                subscription_id        INTEGER NOT NULL,
                job_id                 TEXT    NOT NULL,
                told_keys              TEXT    NOT NULL,
                post_activity_id       TEXT,
                muted                  INTEGER NOT NULL DEFAULT 0,
                baseline               INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (subscription_id, job_id)
            );
            CREATE INDEX ix_subscription_jobs_job ON subscription_jobs (job_id);
            CREATE TABLE subscription_deliveries (
                id                     INTEGER PRIMARY KEY AUTOINCREMENT,
                subscription_id        INTEGER NOT NULL,
                job_id                 TEXT    NOT NULL,
                text                   TEXT    NOT NULL,
                created_at_ms          INTEGER NOT NULL,
                next_attempt_at_ms     INTEGER NOT NULL,
                attempts               INTEGER NOT NULL,
                claim_token            TEXT,
                claim_until_ms         INTEGER,
                done_at_ms             INTEGER,
                outcome                TEXT
            );
            CREATE INDEX ix_subscription_deliveries_pending ON subscription_deliveries (subscription_id, job_id, id) WHERE done_at_ms IS NULL;
            """),
        // The project feed: one list call per round across all instances (the feeds row is claimed with a lease), and
        // the rows it answered, to read in full only the jobs whose row changed.
        new(4, "project feed", """
            CREATE TABLE feeds (
                project_id      TEXT    PRIMARY KEY,
                next_list_at_ms INTEGER NOT NULL,
                listed          INTEGER NOT NULL,
                more_pages      INTEGER NOT NULL,
                claim_token     TEXT,
                claim_until_ms  INTEGER
            );
            CREATE TABLE feed_rows (
                project_id      TEXT    NOT NULL,
                job_id          TEXT    NOT NULL,
                abnormal_count  INTEGER,
                status          TEXT,
                update_at_ms    INTEGER,
                PRIMARY KEY (project_id, job_id)
            );
            """),
        // The people a watch's posts @mention (MentionTarget list as JSON), copied into its news so that the last news
        // of a job, recorded as its watch ends, still pings them.
        new(5, "watch mentions", """
            ALTER TABLE watches ADD COLUMN mentions_json TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE deliveries ADD COLUMN mentions_json TEXT NOT NULL DEFAULT '[]';
            """),
        // Subscriptions tell a job's end and deletion too, once: what kind of news each pending delivery is, whether the
        // subscription has told the conversation anything of the job (only then are its end and deletion news), and
        // which of those it told (0 none, 1 the end, 2 the deletion). Existing rows heard of the job if they posted or
        // have news waiting. Whether a watch in the same conversation tells a job's end is looked up by job.
        new(6, "subscription end and deletion news", """
            ALTER TABLE subscription_deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'Failures';
            ALTER TABLE subscription_jobs ADD COLUMN heard INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE subscription_jobs ADD COLUMN told_end INTEGER NOT NULL DEFAULT 0;
            UPDATE subscription_jobs SET heard = 1
            WHERE post_activity_id IS NOT NULL
               OR EXISTS (SELECT 1 FROM subscription_deliveries d
                          WHERE d.subscription_id = subscription_jobs.subscription_id AND d.job_id = subscription_jobs.job_id);
            CREATE INDEX ix_subscription_deliveries_done ON subscription_deliveries (done_at_ms) WHERE done_at_ms IS NOT NULL;
            CREATE INDEX ix_deliveries_job ON deliveries (job_id);
            """),
        // Burst digests: per subscribed conversation, its windows (the first post of a quiet conversation opens one for
        // Subscriptions:DigestWindow), how many jobs joined, and the digest post once there is one (with the lease on posting
        // it, so instances racing open one). A job's place in a window stays with the job: a retry gets the same answer.
        new(7, "burst digests", """
            CREATE TABLE subscription_digests (
                id               INTEGER PRIMARY KEY AUTOINCREMENT,
                conversation_id  TEXT    NOT NULL,
                window_start_ms  INTEGER NOT NULL,
                window_end_ms    INTEGER NOT NULL,
                jobs             INTEGER NOT NULL,
                post_activity_id TEXT,
                opening_token    TEXT,
                opening_until_ms INTEGER
            );
            CREATE INDEX ix_subscription_digests_window ON subscription_digests (conversation_id, window_start_ms);
            ALTER TABLE subscription_jobs ADD COLUMN digest_id INTEGER;
            ALTER TABLE subscription_jobs ADD COLUMN digest_position INTEGER;
            ALTER TABLE subscription_jobs ADD COLUMN digest_row TEXT;
            CREATE INDEX ix_subscription_jobs_digest ON subscription_jobs (digest_id) WHERE digest_id IS NOT NULL;
            """),
        // The pace of posts into each conversation, shared by every instance: the next moment a post may go there (a 429
        // pushes it to the end of Retry-After). The key is the conversation, a channel for all its threads
        // (SubscriptionConversation.Of): Teams limits a bot per thread.
        new(8, "conversation pace", """
            CREATE TABLE conversation_pace (
                conversation_key TEXT    PRIMARY KEY,
                next_post_at_ms  INTEGER NOT NULL
            );
            """),
    ];
}
