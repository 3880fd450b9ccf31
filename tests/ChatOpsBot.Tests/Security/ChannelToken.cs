using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatOpsBot.Tests.Security;

/// <summary>A JWT as the Bot Framework channel signs it: RS256 over header and claims, the key named by <c>kid</c>.</summary>
public static class ChannelToken
{
    public static string Sign(RSA key, string keyId, JsonObject claims)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(claims);
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = keyId };
        var signed = $"{Encode(header.ToJsonString())}.{Encode(claims.ToJsonString())}";
        var signature = key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url.EncodeToString(signature)}";
    }

    /// <summary>The public half of <paramref name="key"/> as a JSON Web Key, with the channels it may sign for.</summary>
    public static JsonObject PublicJwk(RSA key, string keyId, params string[] endorsements)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = keyId,
            ["n"] = Base64Url.EncodeToString(parameters.Modulus),
            ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]),
        };
    }

    private static string Encode(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
