using Microsoft.Bot.Connector.Authentication;

namespace ChatOpsBot.Bot;

/// <summary>
/// Whether the Bot Framework identity provider (its OpenID metadata and signing keys) could be read when a token
/// needed it. An outage there (DNS, an egress firewall) is not the caller's fault and not the bot's: requests get 503,
/// the log one warning a minute instead of a stack trace per request, and readiness says Degraded.
/// </summary>
public sealed partial class IdentityProviderMonitor(IConfiguration configuration, TimeProvider time, ILogger<IdentityProviderMonitor> logger)
{
    public const string MetadataUrlKey = "ToBotFromChannelOpenIdMetadataUrl";

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private DateTimeOffset? _lastWarning;
    private Outage? _outage;

    /// <summary>The metadata the SDK reads channel tokens against: the configured one, else the public cloud's.</summary>
    public string MetadataUrl =>
        configuration[MetadataUrlKey] is { Length: > 0 } configured ? configured : AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl;

    /// <summary>The outage since the last successful read, or null when the last read went well (or none was needed).</summary>
    public Outage? CurrentOutage
    {
        get
        {
            lock (_gate)
            {
                return _outage;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="error"/>, thrown while authenticating a request, means the metadata or keys could not
    /// be fetched (IdentityModel's IDX20803 "Unable to obtain configuration", or a failed HTTP call underneath), not
    /// that the token is wrong.
    /// </summary>
    public static bool IsUnreachable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException
                || (e is InvalidOperationException && e.Message.StartsWith("IDX20803", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    public void ReportUnreachable(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var cause = error;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }
        var now = time.GetUtcNow();
        var reason = $"{cause.GetType().Name}: {cause.Message}";
        bool warn;
        lock (_gate)
        {
            _outage = new Outage(now, reason);
            warn = _lastWarning is not { } last || now - last >= WarningInterval;
            if (warn)
            {
                _lastWarning = now;
            }
        }
        if (warn)
        {
            LogUnreachable(logger, MetadataUrl, reason);
        }
    }

    /// <summary>A token was checked against the metadata: it is reachable again.</summary>
    public void ReportReachable()
    {
        lock (_gate)
        {
            if (_outage is null)
            {
                return;
            }
            _outage = null;
            _lastWarning = null;
        }
        LogReachable(logger, MetadataUrl);
    }

    /// <param name="Since">When the last failed read happened.</param>
    /// <param name="Reason">The innermost error, e.g. "HttpRequestException: Connection refused (…)".</param>
    public sealed record Outage(DateTimeOffset Since, string Reason);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cannot read the Bot Framework identity provider's metadata at {MetadataUrl} ({Reason}): requests with tokens to check are answered 503 until it can (this warning repeats at most once a minute)")]
    private static partial void LogUnreachable(ILogger logger, string metadataUrl, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The Bot Framework identity provider's metadata at {MetadataUrl} can be read again")]
    private static partial void LogReachable(ILogger logger, string metadataUrl);
}
