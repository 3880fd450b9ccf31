using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatOpsBot.ModelArts.Signing;

/// <summary>
/// Huawei Cloud API Gateway AK/SK signing, algorithm <c>SDK-HMAC-SHA256</c>, as the official SDKs do it.
/// Pure functions over a <see cref="SigningRequest"/>: the HTTP handler and the simulator's verifier share them,
/// so what is sent and what is checked can never drift apart.
/// </summary>
public static class AkSkSigner
{
    public const string Algorithm = "SDK-HMAC-SHA256";
    public const string DateHeader = "X-Sdk-Date";
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    private static readonly string EmptyBodyHash = HexSha256([]);

    public static string FormatDate(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static bool TryParseDate(string? value, out DateTimeOffset instant) =>
        DateTimeOffset.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);

    /// <summary>Signs the request and returns the value of the <c>Authorization</c> header.</summary>
    public static SigningResult Sign(SigningRequest request, string accessKey, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);

        var signedHeaders = SignedHeaders(request.Headers);
        var canonicalRequest = CanonicalRequest(request, signedHeaders);
        var date = request.Headers.FirstOrDefault(h => h.Key.Equals(DateHeader, StringComparison.OrdinalIgnoreCase)).Value
            ?? throw new ArgumentException($"The headers to sign must include {DateHeader}.", nameof(request));
        var stringToSign = $"{Algorithm}\n{date}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";
        var signature = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
        var signedHeaderList = string.Join(';', signedHeaders.Select(h => h.Name));
        return new SigningResult(
            $"{Algorithm} Access={accessKey}, SignedHeaders={signedHeaderList}, Signature={signature}",
            signature, signedHeaderList, canonicalRequest, stringToSign);
    }

    /// <summary>The canonical URI: each segment percent-encoded, always ending in '/'.</summary>
    public static string CanonicalUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/').Select(s => PercentEncode(Uri.UnescapeDataString(s)));
        var uri = string.Join('/', segments);
        if (!uri.StartsWith('/'))
        {
            uri = "/" + uri;
        }
        return uri.EndsWith('/') ? uri : uri + "/";
    }

    /// <summary>
    /// The canonical query: keys sorted ordinally, values of a repeated key sorted, then both encoded. The official
    /// SDKs sort the decoded text, not the encoded one: <c>a~</c> comes before <c>aé</c>, though <c>a%C3%A9</c>
    /// would sort first.
    /// </summary>
    public static string CanonicalQueryString(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pairs = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? part : part[..eq];
                var value = eq < 0 ? "" : part[(eq + 1)..];
                return (Key: UnescapeQuery(key), Value: UnescapeQuery(value));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{PercentEncode(p.Key)}={PercentEncode(p.Value)}"));
    }

    /// <summary>RFC 3986 encoding: unreserved characters as they are, every other UTF-8 byte as %XX (upper case).</summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    // RFC 3986: a literal "+" stays a plus. The client never sends one unencoded, so no gateway ambiguity arises.
    private static string UnescapeQuery(string value) => Uri.UnescapeDataString(value);

    private static List<(string Name, string Value)> SignedHeaders(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), h.Value))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();

    private static string CanonicalRequest(SigningRequest request, List<(string Name, string Value)> signedHeaders)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalUri(request.Path)).Append('\n')
            .Append(CanonicalQueryString(request.Query)).Append('\n');
        foreach (var (name, value) in signedHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
        builder.Append('\n')
            .Append(string.Join(';', signedHeaders.Select(h => h.Name))).Append('\n')
            .Append(request.Body.IsEmpty ? EmptyBodyHash : HexSha256(request.Body.Span));
        return builder.ToString();
    }
}
