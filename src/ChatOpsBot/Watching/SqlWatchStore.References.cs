using System.Data.Common;
using System.Text.Json.Nodes;

namespace ChatOpsBot.Watching;

/// <summary>
/// Stored conversation references follow the conversation's serviceUrl (<see cref="IConversationReferenceStore"/>). The
/// reference is otherwise opaque here; only its top-level <c>serviceUrl</c>, a field of the Bot Framework's
/// ConversationReference schema, is rewritten, and the rest of the JSON is kept as it was.
/// </summary>
public abstract partial class SqlWatchStore : IConversationReferenceStore
{
    // Where each kind of reference lives, and which of its rows belong to the conversation: a watch or its news belongs to a
    // chat or to one thread of a channel ({channel};messageid=…); a subscription to the chat or the channel itself.
    // substr, not LIKE: a conversation id may hold '_' or '%', which LIKE would read as wildcards.
    private static readonly (string Table, string Where)[] ReferenceTables =
    [
        ("watches", "(conversation_id = @conversation OR substr(conversation_id, 1, length(@threads)) = @threads)"),
        ("deliveries", "done_at_ms IS NULL AND (conversation_id = @conversation OR substr(conversation_id, 1, length(@threads)) = @threads)"),
        ("subscriptions", "conversation_id = @conversation"),
    ];

    private const string SameTenant = "COALESCE(tenant_id, '') = COALESCE(@tenant, '')";

    public async Task<int> RefreshServiceUrlAsync(string conversationId, string? tenantId, string serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        var conversation = SubscriptionConversation.Of(conversationId);
        (string, object?)[] parameters =
            [("@conversation", conversation), ("@threads", conversation + ";"), ("@tenant", tenantId), ("@url", serviceUrl)];
        // A read first: a conversation whose references are up to date (nearly every time) costs no write transaction.
        var stale = await ReadAsync(async (connection, ct) =>
        {
            foreach (var (table, where) in ReferenceTables)
            {
                if (await ScalarAsync(connection, null,
                        $"SELECT 1 FROM {table} WHERE {where} AND {SameTenant} AND service_url <> @url LIMIT 1", ct, parameters)
                    .ConfigureAwait(false) is not null)
                {
                    return true;
                }
            }
            return false;
        }, cancellationToken).ConfigureAwait(false);
        if (!stale)
        {
            return 0;
        }
        return await WriteAsync("conversation:" + conversation, async (connection, transaction) =>
        {
            var changed = 0;
            foreach (var (table, where) in ReferenceTables)
            {
                var rows = await ReadReferencesAsync(connection, transaction,
                    $"SELECT id, conversation_reference, service_url FROM {table} WHERE {where} AND {SameTenant} AND service_url <> @url",
                    cancellationToken, parameters).ConfigureAwait(false);
                foreach (var (id, reference, oldUrl) in rows)
                {
                    // The old URL in the WHERE: an instance that refreshed the row meanwhile (or a newer URL) is not overwritten.
                    changed += await ExecuteAsync(connection, transaction,
                        $"UPDATE {table} SET service_url = @url, conversation_reference = @reference WHERE id = @id AND service_url = @old",
                        cancellationToken, ("@url", serviceUrl), ("@reference", WithServiceUrl(reference, serviceUrl)), ("@id", id),
                        ("@old", oldUrl)).ConfigureAwait(false);
                }
            }
            return changed;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reference JSON with its <c>serviceUrl</c> replaced; a reference that is not a JSON object is kept as it is.</summary>
    internal static string WithServiceUrl(string referenceJson, string serviceUrl)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(referenceJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return referenceJson;
        }
        if (node is not JsonObject reference)
        {
            return referenceJson;
        }
        reference["serviceUrl"] = serviceUrl;
        return reference.ToJsonString();
    }

    private static async Task<IReadOnlyList<(long Id, string Reference, string ServiceUrl)>> ReadReferencesAsync(DbConnection connection,
        DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        await ReadRowsAsync(connection, transaction, sql, reader => (reader.GetInt64(0), reader.GetString(1), reader.GetString(2)),
            cancellationToken, parameters).ConfigureAwait(false);
}
