using System.Text;
using ChatOpsBot.Security;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Newtonsoft.Json;

namespace ChatOpsBot.Bot;

/// <summary>
/// <c>POST /api/messages</c>: what CloudAdapter.ProcessAsync does, with the answers a channel (or anyone on the
/// internet) should get. A body too large is 413; a body that is not an activity is 400; any token problem is 401
/// (the SDK reports a bad signature as a SecurityTokenException and an undecodable token as an ArgumentException,
/// which CloudAdapter would let become a 500); an identity provider the bot cannot read is 503 with Retry-After; a
/// serviceUrl the bot must not post to is 403; only then does the SDK run the turn.
/// </summary>
public sealed partial class ActivityEndpoint(
    BotFrameworkAuthentication authentication,
    ChatOpsAdapter adapter,
    IdentityProviderMonitor identityProvider,
    ServiceUrlPolicy serviceUrls,
    IOptions<BotOptions> options,
    ILogger<ActivityEndpoint> logger)
{
    private const int MaxJsonDepth = 64;

    // The channel retries a 503; a minute is how often the warning repeats, so a shorter wait would only add requests.
    private const string RetryAfterSeconds = "30";
    private readonly int _maxBytes = options.Value.MaxActivityBytes;

    public async Task HandleAsync(HttpContext context, IBot bot)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var (activity, status, problem) = await ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (activity is null)
        {
            LogRejected(logger, status, problem);
            await AnswerAsync(context.Response, status, problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        AuthenticateRequestResult authenticated;
        var authorization = context.Request.Headers.Authorization.ToString();
        try
        {
            authenticated = await authentication.AuthenticateRequestAsync(activity, authorization, cancellationToken).ConfigureAwait(false);
        }
        // The metadata or signing keys could not be fetched (checked first: IdentityModel reports it as an
        // InvalidOperationException, which no token problem is). The token may be fine: say "later", not "never".
        catch (Exception error) when (IdentityProviderMonitor.IsUnreachable(error))
        {
            identityProvider.ReportUnreachable(error);
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
            await AnswerAsync(context.Response, StatusCodes.Status503ServiceUnavailable,
                "The bot cannot check the request's token right now. Try again later.", cancellationToken).ConfigureAwait(false);
            return;
        }
        // ArgumentException: a token that is not a JWT, or whose header or claims do not decode (the SDK parses the
        // token to route it before validating it). Nothing else of the request reaches authentication unchecked.
        catch (Exception error) when (error is UnauthorizedAccessException or SecurityTokenException or ArgumentException)
        {
            // The reason goes to the log only; the caller learns nothing about which check failed.
            LogUnauthenticated(logger, error.GetType().Name, error.Message, activity.ChannelId, activity.Conversation?.Id);
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await AnswerAsync(context.Response, StatusCodes.Status401Unauthorized, "Unauthorized.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(authorization))
        {
            identityProvider.ReportReachable();
        }
        if (!serviceUrls.IsAllowed(activity.ServiceUrl))
        {
            // Answers go to the serviceUrl: a request naming another host is not run at all.
            LogServiceUrlRefused(logger, activity.ServiceUrl, activity.ChannelId, activity.Conversation?.Id);
            await AnswerAsync(context.Response, StatusCodes.Status403Forbidden, "The activity's serviceUrl is not allowed.", cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        var invokeResponse = await adapter.ProcessAuthenticatedAsync(authenticated, activity, bot, cancellationToken).ConfigureAwait(false);
        await HttpHelper.WriteResponseAsync(context.Response, invokeResponse).ConfigureAwait(false);
    }

    /// <summary>The activity, or why there is none (a status and a sentence safe to show the caller).</summary>
    private async Task<(Activity? Activity, int Status, string Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {_maxBytes} bytes.");
        }
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > _maxBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {_maxBytes} bytes.");
            }
            body.Write(buffer, 0, read);
        }
        body.Position = 0;

        Activity? activity;
        try
        {
            using var text = new StreamReader(body, Encoding.UTF8);
            using var json = new JsonTextReader(text) { MaxDepth = MaxJsonDepth };
            activity = HttpHelper.BotMessageSerializer.Deserialize<Activity>(json);
            if (activity is not null && json.Read())
            {
                return (null, StatusCodes.Status400BadRequest, "The body holds more than one JSON value.");
            }
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest, "The body is not a JSON Bot Framework activity.");
        }
        var problem = ShapeProblem(activity);
        return problem is null ? (activity, StatusCodes.Status200OK, "") : (null, StatusCodes.Status400BadRequest, problem);
    }

    /// <summary>
    /// What every channel sends and the SDK relies on outside the turn, where a missing piece would be a 500: a type,
    /// the channel (whose endorsement the token must carry), the conversation, and where to answer.
    /// </summary>
    private static string? ShapeProblem(Activity? activity)
    {
        if (activity is null)
        {
            return "The body is not a JSON Bot Framework activity.";
        }
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity has no type.";
        }
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity has no channelId.";
        }
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no conversation id.";
        }
        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "The activity's serviceUrl is not an absolute http(s) URL.";
        }
        return null;
    }

    private static async Task AnswerAsync(HttpResponse response, int status, string text, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused a {ChannelId} activity for conversation {ConversationId}: its serviceUrl {ServiceUrl} is not allowed (Bot:AllowedServiceUrlHosts; loopback only without an app id)")]
    private static partial void LogServiceUrlRefused(ILogger logger, string serviceUrl, string? channelId, string? conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to the messaging endpoint with {Status}: {Problem}")]
    private static partial void LogRejected(ILogger logger, int status, string problem);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused an unauthenticated {ChannelId} activity for conversation {ConversationId}: {ErrorType}: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string errorType, string reason, string? channelId, string? conversationId);
}
