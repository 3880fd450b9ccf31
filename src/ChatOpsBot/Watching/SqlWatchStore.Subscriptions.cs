using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using ChatOpsBot.Commands;

namespace ChatOpsBot.Watching;

/// <summary>
/// Subscriptions in the watch store's storage (tables <c>subscriptions</c> and <c>subscription_jobs</c>), written under
/// the same per-conversation lock as watches, so a conversation's limit holds across instances.
/// </summary>
public abstract partial class SqlWatchStore
{
    private const string SubscriptionColumns =
        "id, conversation_id, name_prefix, job_type, mentions_json, requested_by_id, requested_by_name, conversation_reference, " +
        "service_url, tenant_id, created_at_ms, disabled_reason, disabled_at_ms";

    private static readonly JsonSerializerOptions MentionJson = new(JsonSerializerDefaults.Web);

    public Task<AddSubscriptionResult> AddSubscriptionAsync(Subscription subscription, int maxPerConversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerConversation, 1);
        var conversationId = SubscriptionConversation.Of(subscription.ConversationId);
        return WriteAsync("conversation:" + conversationId, async (connection, transaction) =>
        {
            var active = (await ReadSubscriptionsAsync(connection, transaction,
                    $"SELECT {SubscriptionColumns} FROM subscriptions WHERE conversation_id = @conversation AND disabled_at_ms IS NULL ORDER BY created_at_ms, id",
                    cancellationToken, ("@conversation", conversationId)).ConfigureAwait(false));
            if (active.FirstOrDefault(s => SameFilter(s.Filter, subscription.Filter)) is { } same)
            {
                return new AddSubscriptionResult(AddSubscriptionOutcome.AlreadySubscribed, same, maxPerConversation);
            }
            if (active.Count >= maxPerConversation)
            {
                return new AddSubscriptionResult(AddSubscriptionOutcome.LimitReached, null, maxPerConversation);
            }
            var id = Convert.ToInt64(await ScalarAsync(connection, transaction, """
                INSERT INTO subscriptions (conversation_id, name_prefix, job_type, mentions_json, requested_by_id, requested_by_name,
                    conversation_reference, service_url, tenant_id, created_at_ms)
                VALUES (@conversation, @prefix, @type, @mentions, @user, @userName, @reference, @serviceUrl, @tenant, @createdAt)
                RETURNING id
                """, cancellationToken,
                ("@conversation", conversationId), ("@prefix", subscription.Filter.NamePrefix), ("@type", subscription.Filter.JobType),
                ("@mentions", JsonSerializer.Serialize(subscription.Mentions, MentionJson)), ("@user", subscription.RequestedByUserId),
                ("@userName", subscription.RequestedByName), ("@reference", subscription.ConversationReference),
                ("@serviceUrl", subscription.ServiceUrl), ("@tenant", subscription.TenantId),
                ("@createdAt", ToMs(subscription.CreatedAt))).ConfigureAwait(false), CultureInfo.InvariantCulture);
            // Muting is the conversation's word about a job: a subscription added later keeps quiet about it too.
            await ExecuteAsync(connection, transaction, """
                INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted)
                SELECT DISTINCT @id, j.job_id, '', 1 FROM subscription_jobs j JOIN subscriptions s ON s.id = j.subscription_id
                WHERE s.conversation_id = @conversation AND j.muted = 1 AND s.id <> @id
                """, cancellationToken, ("@id", id), ("@conversation", conversationId)).ConfigureAwait(false);
            // A job failing now is not news for this subscription; its next read only notes what has failed so far.
            await ExecuteAsync(connection, transaction, """
                INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted, baseline)
                SELECT @id, job_id, '', 0, 1 FROM feed_rows WHERE abnormal_count > 0
                ON CONFLICT (subscription_id, job_id) DO UPDATE SET baseline = 1
                """, cancellationToken, ("@id", id)).ConfigureAwait(false);
            var added = subscription with
            {
                Id = id,
                ConversationId = conversationId,
                CreatedAt = FromMs(ToMs(subscription.CreatedAt)),
                DisabledAt = null,
                DisabledReason = null,
            };
            return new AddSubscriptionResult(AddSubscriptionOutcome.Added, added, maxPerConversation);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadSubscriptionsAsync(connection, null,
            $"SELECT {SubscriptionColumns} FROM subscriptions WHERE conversation_id = @conversation ORDER BY created_at_ms, id",
            ct, ("@conversation", SubscriptionConversation.Of(conversationId))), cancellationToken);

    public Task<bool> RemoveSubscriptionAsync(string conversationId, long subscriptionId, CancellationToken cancellationToken)
    {
        var conversation = SubscriptionConversation.Of(conversationId);
        return WriteAsync("conversation:" + conversation, async (connection, transaction) =>
        {
            var removed = await ExecuteAsync(connection, transaction,
                "DELETE FROM subscriptions WHERE id = @id AND conversation_id = @conversation", cancellationToken,
                ("@id", subscriptionId), ("@conversation", conversation)).ConfigureAwait(false);
            if (removed == 0)
            {
                return false;
            }
            await ExecuteAsync(connection, transaction, "DELETE FROM subscription_jobs WHERE subscription_id = @id", cancellationToken,
                ("@id", subscriptionId)).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<int> RemoveConversationSubscriptionsAsync(string conversationId, CancellationToken cancellationToken)
    {
        var conversation = SubscriptionConversation.Of(conversationId);
        return WriteAsync("conversation:" + conversation, async (connection, transaction) =>
        {
            await ExecuteAsync(connection, transaction,
                "DELETE FROM subscription_jobs WHERE subscription_id IN (SELECT id FROM subscriptions WHERE conversation_id = @conversation)",
                cancellationToken, ("@conversation", conversation)).ConfigureAwait(false);
            return await ExecuteAsync(connection, transaction, "DELETE FROM subscriptions WHERE conversation_id = @conversation",
                cancellationToken, ("@conversation", conversation)).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<int> SetMutedAsync(string conversationId, string jobId, bool muted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var conversation = SubscriptionConversation.Of(conversationId);
        return WriteAsync("conversation:" + conversation, async (connection, transaction) =>
        {
            if (!muted)
            {
                return await ExecuteAsync(connection, transaction, """
                    UPDATE subscription_jobs SET muted = 0
                    WHERE job_id = @job AND muted = 1
                      AND subscription_id IN (SELECT id FROM subscriptions WHERE conversation_id = @conversation)
                    """, cancellationToken, ("@job", jobId), ("@conversation", conversation)).ConfigureAwait(false);
            }
            var active = Convert.ToInt32(await ScalarAsync(connection, transaction,
                "SELECT COUNT(*) FROM subscriptions WHERE conversation_id = @conversation AND disabled_at_ms IS NULL",
                cancellationToken, ("@conversation", conversation)).ConfigureAwait(false), CultureInfo.InvariantCulture);
            // The WHERE also keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
            await ExecuteAsync(connection, transaction, """
                INSERT INTO subscription_jobs (subscription_id, job_id, told_keys, muted)
                SELECT id, @job, '', 1 FROM subscriptions WHERE conversation_id = @conversation AND disabled_at_ms IS NULL
                ON CONFLICT (subscription_id, job_id) DO UPDATE SET muted = 1
                """, cancellationToken, ("@job", jobId), ("@conversation", conversation)).ConfigureAwait(false);
            return active;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListMutedJobsAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync(async (connection, ct) =>
        {
            var command = Command(connection, null, """
                SELECT DISTINCT j.job_id FROM subscription_jobs j JOIN subscriptions s ON s.id = j.subscription_id
                WHERE s.conversation_id = @conversation AND j.muted = 1 ORDER BY j.job_id
                """, [("@conversation", SubscriptionConversation.Of(conversationId))]);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var jobs = new List<string>();
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        jobs.Add(reader.GetString(0));
                    }
                    return (IReadOnlyList<string>)jobs;
                }
            }
        }, cancellationToken);

    public async Task<SubscriptionJobState?> GetJobStateAsync(long subscriptionId, string jobId, CancellationToken cancellationToken) =>
        (await ReadAsync((connection, ct) => ReadJobStatesAsync(connection,
            $"SELECT {JobStateColumns} FROM subscription_jobs WHERE subscription_id = @id AND job_id = @job", ct,
            ("@id", subscriptionId), ("@job", jobId)), cancellationToken).ConfigureAwait(false)) is [var one, ..] ? one : null;

    public Task<IReadOnlyList<SubscriptionJobState>> ListJobStatesAsync(string jobId, CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadJobStatesAsync(connection,
            $"SELECT {JobStateColumns} FROM subscription_jobs WHERE job_id = @job ORDER BY subscription_id", ct, ("@job", jobId)), cancellationToken);

    public Task<IReadOnlyList<Subscription>> ListActiveSubscriptionsAsync(CancellationToken cancellationToken) =>
        ReadAsync((connection, ct) => ReadSubscriptionsAsync(connection, null,
            $"SELECT {SubscriptionColumns} FROM subscriptions WHERE disabled_at_ms IS NULL ORDER BY id", ct), cancellationToken);

    private const string JobStateColumns = "subscription_id, job_id, told_keys, post_activity_id, muted, baseline, heard, told_end";

    private static async Task<IReadOnlyList<SubscriptionJobState>> ReadJobStatesAsync(DbConnection connection, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await ReadRowsAsync(connection, null, sql, reader => new SubscriptionJobState(reader.GetInt64(0), reader.GetString(1),
            FailedTaskKeys.Decode(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4) != 0,
            reader.GetInt32(5) != 0, reader.GetInt32(6) != 0, (JobEndTold)reader.GetInt32(7)), cancellationToken, parameters).ConfigureAwait(false);

    private static bool SameFilter(SubscriptionFilter a, SubscriptionFilter b) =>
        string.Equals(a.NamePrefix, b.NamePrefix, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.JobType, b.JobType, StringComparison.OrdinalIgnoreCase);

    private static async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await ReadRowsAsync(connection, transaction, sql, ReadSubscription, cancellationToken, parameters).ConfigureAwait(false);

    // Column order is SubscriptionColumns'.
    private static Subscription ReadSubscription(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ConversationId = reader.GetString(1),
        Filter = new SubscriptionFilter(reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)),
        Mentions = JsonSerializer.Deserialize<List<MentionTarget>>(reader.GetString(4), MentionJson) ?? [],
        RequestedByUserId = reader.GetString(5),
        RequestedByName = reader.IsDBNull(6) ? null : reader.GetString(6),
        ConversationReference = reader.GetString(7),
        ServiceUrl = reader.GetString(8),
        TenantId = reader.IsDBNull(9) ? null : reader.GetString(9),
        CreatedAt = FromMs(reader.GetInt64(10)),
        DisabledReason = reader.IsDBNull(11) ? null : reader.GetString(11),
        DisabledAt = reader.IsDBNull(12) ? null : FromMs(reader.GetInt64(12)),
    };
}
