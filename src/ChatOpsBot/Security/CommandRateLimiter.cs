using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

/// <summary>
/// Token buckets per user and per conversation, so one person or one noisy channel cannot turn the bot into a
/// ModelArts load generator. The limits are read once at start.
/// </summary>
public sealed class CommandRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly PartitionedRateLimiter<string> _perConversation;

    public CommandRateLimiter(IOptions<AccessPolicyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _perUser = PerMinute(options.Value.CommandsPerUserPerMinute);
        _perConversation = PerMinute(options.Value.CommandsPerConversationPerMinute);
    }

    /// <summary>
    /// Takes one command from both buckets. When either is empty, returns false and how long to wait.
    /// </summary>
    public bool TryAcquire(string userKey, string conversationKey, out TimeSpan retryAfter)
    {
        using var userLease = _perUser.AttemptAcquire(userKey);
        if (!userLease.IsAcquired)
        {
            retryAfter = RetryAfter(userLease);
            return false;
        }
        using var conversationLease = _perConversation.AttemptAcquire(conversationKey);
        retryAfter = conversationLease.IsAcquired ? TimeSpan.Zero : RetryAfter(conversationLease);
        return conversationLease.IsAcquired;
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _perConversation.Dispose();
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(5);

    // A bucket of one minute's allowance that refills a token at a time, so a burst is allowed but not a stream.
    private static PartitionedRateLimiter<string> PerMinute(int commandsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = commandsPerMinute,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / commandsPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
}
