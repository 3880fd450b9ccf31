using System.Net;
using ChatOpsBot.Bot;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.Security;

/// <summary>
/// Where the bot may post: the <c>serviceUrl</c> of an activity is where its answer goes, and a watch keeps it for a
/// week. With an app id the channel signs the serviceUrl into its token; still, outside Development only the Bot
/// Framework / Teams service hosts of <c>Bot:AllowedServiceUrlHosts</c> are accepted (in Development loopback too, for
/// the Emulator and the Playground). Without an app id (anonymous) anyone can say anything, so only loopback is
/// accepted: the bot then answers local clients and nothing else.
/// </summary>
public sealed class ServiceUrlPolicy(IOptionsMonitor<BotOptions> options, IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>True when the bot may post to <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowed(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        if (IsLoopback(uri))
        {
            return IsAnonymous || environment.IsDevelopment() || HostIsListed(uri);
        }
        return !IsAnonymous && uri.Scheme == Uri.UriSchemeHttps && HostIsListed(uri);
    }

    /// <summary>No app id: the SDK authenticates nothing, the tenant and user ids are the caller's word.</summary>
    public bool IsAnonymous => string.IsNullOrWhiteSpace(configuration[BotCredentialsValidator.AppIdKey]);

    /// <summary>An entry is a host name (<c>smba.trafficmanager.net</c>) or <c>*.</c> and a domain, for any host under it.</summary>
    public static bool Matches(string entry, string host)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(host);
        entry = entry.Trim().TrimEnd('.');
        host = host.TrimEnd('.');
        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            var domain = entry[1..];
            return host.Length > domain.Length && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase);
        }
        return string.Equals(entry, host, StringComparison.OrdinalIgnoreCase);
    }

    private bool HostIsListed(Uri uri) => options.CurrentValue.AllowedServiceUrlHosts.Any(entry => Matches(entry, uri.IdnHost));

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
