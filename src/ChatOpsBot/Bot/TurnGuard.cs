using System.Globalization;
using ChatOpsBot.Security;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Bot;

/// <summary>
/// Runs before any command: the access policy, the size limit and the rate limits. Returns the one sentence to
/// answer with when the turn must stop here, or null when it may go on.
/// </summary>
public sealed partial class TurnGuard(
    AccessPolicy policy,
    CommandRateLimiter rateLimiter,
    IOptionsMonitor<AccessPolicyOptions> options,
    ILogger<TurnGuard> logger)
{
    public string? Check(ITurnContext turnContext)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        var request = ToAccessRequest(activity);
        var decision = policy.Check(request);
        if (!decision.IsAllowed)
        {
            LogRefused(logger, decision.Reason, request.TenantId, request.UserObjectId, request.ConversationId);
            return AccessPolicy.RefusalText;
        }
        if ((activity.Text?.Length ?? 0) > options.CurrentValue.MaxMessageLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"That message is too long for me ({activity.Text!.Length:N0} characters). Try `job ID` or `help`.");
        }
        var user = activity.From?.AadObjectId ?? activity.From?.Id ?? "unknown";
        var conversation = activity.Conversation?.Id ?? "unknown";
        if (!rateLimiter.TryAcquire(user, conversation, out var retryAfter))
        {
            LogThrottled(logger, request.UserObjectId, request.ConversationId);
            return string.Create(CultureInfo.InvariantCulture,
                $"Slow down a little: too many commands right now. Try again in {Math.Ceiling(retryAfter.TotalSeconds):0} s.");
        }
        return null;
    }

    /// <summary>Who and where, from the activity; Teams puts the tenant and team in channelData.</summary>
    public static AccessRequest ToAccessRequest(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var teams = TeamsChannelDataOf(activity);
        return new AccessRequest(
            activity.Conversation?.TenantId ?? teams?.Tenant?.Id,
            activity.From?.AadObjectId,
            activity.Conversation?.Id,
            teams?.Team?.Id,
            teams?.Channel?.Id);
    }

    /// <summary>
    /// Teams' channelData, or null when it is missing or not the shape Teams sends: then the tenant, team and channel
    /// are unknown, which an allow-list refuses.
    /// </summary>
    private static TeamsChannelData? TeamsChannelDataOf(IActivity activity)
    {
        try
        {
            return activity.GetChannelData<TeamsChannelData>();
        }
        catch (Exception error) when (error is Newtonsoft.Json.JsonException or InvalidCastException or ArgumentException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused a turn ({Reason}): tenant {TenantId}, user {UserObjectId}, conversation {ConversationId}")]
    private static partial void LogRefused(ILogger logger, string reason, string? tenantId, string? userObjectId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate-limited user {UserObjectId} in conversation {ConversationId}")]
    private static partial void LogThrottled(ILogger logger, string? userObjectId, string? conversationId);
}
