using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Watching;

/// <summary>
/// Keeps proactive posts into one conversation apart, across all instances (the pace lives in the store,
/// <see cref="IConversationPaceStore"/>): Teams limits each bot per conversation, a channel with all its threads, and
/// answers 429 beyond. Before a post the sender waits for the conversation's next turn and takes it; a turn too late
/// for the post's claim (beyond the first half of its lease) leaves the post in the outbox for a later round instead
/// (nothing is lost, and no turn is spent on it). After a 429 nothing goes into the conversation, from any instance,
/// before Teams' Retry-After.
/// </summary>
public sealed partial class ConversationPace(
    IConversationPaceStore store,
    IOptions<ConversationPaceOptions> options,
    IOptions<WatchOptions> watchOptions,
    TimeProvider time,
    ILogger<ConversationPace> logger,
    IHostApplicationLifetime? lifetime = null)
{
    // Teams operations of a post: a post alone, or a post and the update of the card it goes with.
    private const int PostOnly = 1;
    private const int PostAndCardUpdate = 2;

    private readonly TimeSpan _gap = options.Value.ConversationPostInterval;

    // A post waits for its turn only within the first half of its claim's lease: the rest is for the post itself, so
    // it never goes out after another instance could have taken its claim over.
    private readonly TimeSpan _claimMargin = watchOptions.Value.ClaimLease / 2;

    /// <summary>Before posting a watch's news: true once its turn has come; false when it was left for later.</summary>
    public Task<bool> TakeTurnAsync(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var operations = delivery.Target.CardActivityId is null ? PostOnly : PostAndCardUpdate;
        return TakeTurnAsync(delivery.Target.ConversationId, operations, ClaimedPost.Of(delivery));
    }

    /// <summary>Before posting a subscription's news: true once its turn has come; false when it was left for later.</summary>
    public Task<bool> TakeTurnAsync(SubscriptionDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // Later news replies in the job's thread and updates the post's card.
        var operations = delivery.PostActivityId is null ? PostOnly : PostAndCardUpdate;
        return TakeTurnAsync(delivery.Subscription.ConversationId, operations, ClaimedPost.Of(delivery));
    }

    /// <summary>
    /// Before refreshing a card without news: true when the conversation's turn is now. A refresh never waits: the next
    /// change of the job refreshes the card anyway.
    /// </summary>
    public async Task<bool> TakeTurnIfFreeAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var turn = await store.TakeTurnAsync(new PaceRequest(Key(conversationId), _gap, now, now), cancellationToken).ConfigureAwait(false);
        return turn.Kind == PaceTurnKind.Taken;
    }

    /// <summary>
    /// After a post: when Teams throttled it, nothing goes into the conversation, from any instance, before the post's
    /// retry (<paramref name="retryAt"/>) nor before Teams' Retry-After.
    /// </summary>
    public async Task AfterPostAsync(string conversationId, NotifyOutcome outcome, DateTimeOffset retryAt)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Kind != NotifyOutcomeKind.Throttled)
        {
            return;
        }
        var key = Key(conversationId);
        var now = time.GetUtcNow();
        var notBefore = outcome.RetryAfter is { } wait && now + wait > retryAt ? now + wait : retryAt;
        try
        {
            await store.HoldOffAsync(key, notBefore, CancellationToken.None).ConfigureAwait(false);
            var heldFor = notBefore - now;
            LogHeldOff(logger, key, heldFor);
        }
        catch (WatchStoreUnavailableException error)
        {
            // The throttled post itself is due no earlier than retryAt, which honours Retry-After; only the other posts
            // into the conversation lose the hint.
            LogHoldOffLost(logger, key, error.Message);
        }
    }

    // The turn is taken when it has come, right before the post, never ahead: the next one is then counted from the
    // moment this post really goes, however long it waited (a turn booked ahead would count from when it was due, and a
    // late post would come nearer to the next), and a hold-off (429) that came meanwhile is seen.
    private async Task<bool> TakeTurnAsync(string conversationId, int operations, ClaimedPost post)
    {
        var key = Key(conversationId);
        while (true)
        {
            var now = time.GetUtcNow();
            var turn = await store.TakeTurnAsync(new PaceRequest(key, _gap * operations, now, now, post, _claimMargin), CancellationToken.None)
                .ConfigureAwait(false);
            switch (turn.Kind)
            {
                case PaceTurnKind.Taken:
                    return true;
                case PaceTurnKind.ClaimLost:
                    LogClaimLost(logger, key, post.Outbox, post.DeliveryId);
                    return false;
                case PaceTurnKind.NotBefore when turn.UsableUntil is { } usableUntil && turn.At <= usableUntil:
                    LogWaiting(logger, key, turn.At - now);
                    try
                    {
                        await Task.Delay(turn.At - now, time, lifetime?.ApplicationStopping ?? CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: the post goes back to the outbox at its turn, for whichever instance is still running.
                        await store.PostponeAsync(post, turn.At, CancellationToken.None).ConfigureAwait(false);
                        return false;
                    }
                    break;
                default:
                    // Too late for this claim: back to the outbox, due when the turn comes, for a later round.
                    await store.PostponeAsync(post, turn.At, CancellationToken.None).ConfigureAwait(false);
                    LogPostponed(logger, key, turn.At);
                    return false;
            }
        }
    }

    private static string Key(string conversationId) => SubscriptionConversation.Of(conversationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Waiting {Wait} for the turn of conversation {ConversationKey}")]
    private static partial void LogWaiting(ILogger logger, string conversationKey, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationKey} is busy until {NextTurn:O}; its next post waits for a later round")]
    private static partial void LogPostponed(ILogger logger, string conversationKey, DateTimeOffset nextTurn);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not posting {Outbox} delivery {DeliveryId} to conversation {ConversationKey}: its claim was taken over")]
    private static partial void LogClaimLost(ILogger logger, string conversationKey, PostOutbox outbox, long deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams throttled conversation {ConversationKey}: nothing goes there for {Wait}, from any instance")]
    private static partial void LogHeldOff(ILogger logger, string conversationKey, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hold conversation {ConversationKey} off after a 429 ({Error}); its throttled post still waits")]
    private static partial void LogHoldOffLost(ILogger logger, string conversationKey, string error);
}
