using System.Security.Cryptography;
using System.Text;
using ChatOpsBot.ModelArts.Signing;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>The gateway's side of AK/SK: recompute the signature from what arrived on the wire and compare.</summary>
public static class ServerSignatureCheck
{
    /// <summary>Null when the signature is right; otherwise what is wrong.</summary>
    public static string? FindProblem(string method, string rawTarget, IReadOnlyDictionary<string, string> headers, string secretKey)
    {
        if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith(AkSkSigner.Algorithm + " ", StringComparison.Ordinal))
        {
            return "no SDK-HMAC-SHA256 Authorization header";
        }
        var parts = authorization[(AkSkSigner.Algorithm.Length + 1)..]
            .Split(", ")
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        if (!parts.TryGetValue("Access", out var accessKey) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return "Authorization lacks Access, SignedHeaders or Signature";
        }
        var toSign = new List<KeyValuePair<string, string>>();
        foreach (var name in signedHeaders.Split(';'))
        {
            if (!headers.TryGetValue(name, out var value))
            {
                return $"signed header {name} was not sent";
            }
            toSign.Add(KeyValuePair.Create(name, value));
        }
        if (!toSign.Any(h => h.Key == "x-sdk-date") || !toSign.Any(h => h.Key == "host"))
        {
            return "host or x-sdk-date is not signed";
        }
        var queryAt = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? rawTarget : rawTarget[..queryAt];
        var query = queryAt < 0 ? "" : rawTarget[queryAt..];
        var expected = AkSkSigner.Sign(new SigningRequest(method, path, query, toSign, ReadOnlyMemory<byte>.Empty), accessKey, secretKey);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Signature), Encoding.ASCII.GetBytes(signature))
            ? null
            : "signature mismatch";
    }
}
