using ChatOpsBot.ModelArts.Configuration;
using Microsoft.Extensions.Options;

namespace ChatOpsBot.ModelArts.Signing;

/// <summary>
/// Signs every request that passes, with the credentials current at that moment (so a rotated key takes effect on the
/// next request) and a fresh <c>X-Sdk-Date</c> (so each retry is signed anew). Signs <c>host</c>, <c>X-Sdk-Date</c>,
/// <c>X-Project-Id</c> and, for temporary credentials, <c>X-Security-Token</c>, as the official SDKs do. Logs nothing.
/// </summary>
public sealed class AkSkSigningHandler(IOptionsMonitor<ModelArtsOptions> options, TimeProvider timeProvider) : DelegatingHandler
{
    public const string ProjectIdHeader = "X-Project-Id";
    public const string SecurityTokenHeader = "X-Security-Token";
    private const string AuthorizationHeader = "Authorization";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("Only a request with an absolute URI can be signed.");
        var settings = ModelArtsOptionsValidator.RequireCredentials(options);
        ReadOnlyMemory<byte> body = request.Content is null
            ? ReadOnlyMemory<byte>.Empty
            : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);

        var host = request.Headers.Host ?? HostHeaderOf(uri);
        var headers = new List<KeyValuePair<string, string>>(4)
        {
            KeyValuePair.Create(AkSkSigner.DateHeader, AkSkSigner.FormatDate(timeProvider.GetUtcNow())),
        };
        if (!string.IsNullOrEmpty(settings.ProjectId))
        {
            headers.Add(KeyValuePair.Create(ProjectIdHeader, settings.ProjectId));
        }
        if (!string.IsNullOrEmpty(settings.SecurityToken))
        {
            headers.Add(KeyValuePair.Create(SecurityTokenHeader, settings.SecurityToken));
        }

        var signed = AkSkSigner.Sign(
            new SigningRequest(request.Method.Method, uri.AbsolutePath, uri.Query, [KeyValuePair.Create("Host", host), .. headers], body),
            settings.AccessKey!, settings.SecretKey!);

        // Whatever an earlier attempt set is replaced, never doubled: the gateway would sign-check a list of values.
        request.Headers.Host = host;
        foreach (var name in (string[])[AkSkSigner.DateHeader, ProjectIdHeader, SecurityTokenHeader, AuthorizationHeader])
        {
            request.Headers.Remove(name);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        request.Headers.TryAddWithoutValidation(AuthorizationHeader, signed.Authorization);

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>Host</c> header HTTP sends for this URI: IDN host in punycode, port only when not the scheme's default.</summary>
    internal static string HostHeaderOf(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
