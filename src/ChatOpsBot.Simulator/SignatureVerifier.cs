using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChatOpsBot.ModelArts.Signing;
using Microsoft.AspNetCore.Http.Features;

namespace ChatOpsBot.Simulator;

/// <summary>
/// Checks the <c>SDK-HMAC-SHA256</c> signature as the API gateway does: recomputes it over what arrived, with the
/// same <see cref="AkSkSigner"/> the client uses, and refuses a date outside the allowed clock skew.
/// </summary>
public static partial class SignatureVerifier
{
    /// <summary>Returns null when the request is genuine, else the gateway's error.</summary>
    public static SimulatedError? Verify(HttpContext context, SimulatorOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var request = context.Request;
        var match = AuthorizationPattern().Match(request.Headers.Authorization.ToString());
        if (!match.Success || !string.Equals(match.Groups["ak"].Value, options.AccessKey, StringComparison.Ordinal))
        {
            return SimulatedError.BadSignature;
        }
        var signedNames = match.Groups["headers"].Value.Split(';');
        // Only the date must be signed (the Go SDK signs nothing else); whatever else is listed must match.
        if (!signedNames.Contains("x-sdk-date", StringComparer.Ordinal))
        {
            return SimulatedError.BadSignature;
        }
        if (!AkSkSigner.TryParseDate(request.Headers[AkSkSigner.DateHeader], out var signedAt))
        {
            return SimulatedError.BadSignature;
        }
        if ((time.GetUtcNow() - signedAt).Duration() > options.MaxClockSkew)
        {
            return SimulatedError.DateOutOfRange;
        }
        if (options.SecurityToken is { Length: > 0 } token
            && (!signedNames.Contains("x-security-token", StringComparer.Ordinal)
                || !FixedTimeEquals(request.Headers["X-Security-Token"].ToString(), token)))
        {
            return SimulatedError.BadSignature;
        }

        var headers = new List<KeyValuePair<string, string>>(signedNames.Length);
        foreach (var name in signedNames)
        {
            var value = name == "host" ? request.Host.Value : request.Headers[name].ToString();
            if (string.IsNullOrEmpty(value))
            {
                return SimulatedError.BadSignature;
            }
            headers.Add(new(name, value));
        }
        // The raw target is what the client signed; the decoded Path would hide an encoded '/'.
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var expected = AkSkSigner.Sign(
            new SigningRequest(request.Method, path, query, headers, ReadOnlyMemory<byte>.Empty),
            options.AccessKey, options.SecretKey);
        return FixedTimeEquals(match.Groups["signature"].Value, expected.Signature) ? null : SimulatedError.BadSignature;
    }

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));

    [GeneratedRegex(@"^SDK-HMAC-SHA256 Access=(?<ak>[^,\s]+), SignedHeaders=(?<headers>[a-z0-9\-;]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
