using System.Text;
using ChatOpsBot.ModelArts.Signing;
using ChatOpsBot.ModelArts.Tests.Support;

namespace ChatOpsBot.ModelArts.Tests.Signing;

public sealed class OfficialSdkVectorTests
{
    public static TheoryData<string> VectorNames => [.. SigningVector.Vectors.Select(v => v.Name)];

    [Fact]
    public void The_vector_file_holds_every_official_sdk()
    {
        Assert.Equal(["dotnet", "go", "node"], SigningVector.Vectors.Select(v => v.Source).Distinct().Order());
        Assert.True(SigningVector.Vectors.Count >= 8);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Signer_reproduces_the_official_sdk_vector(string name)
    {
        var vector = SigningVector.Named(name);

        var result = AkSkSigner.Sign(RequestOf(vector), vector.AccessKey, vector.SecretKey);

        var expectedSignature = vector.ExpectedString("signature") ?? SignatureOf(vector.ExpectedString("authorization")!);
        Assert.Equal(expectedSignature, result.Signature);
        Assert.Equal(vector.ExpectedString("signedHeaders"), result.SignedHeaders);
        Assert.Equal(
            $"SDK-HMAC-SHA256 Access={vector.AccessKey}, SignedHeaders={result.SignedHeaders}, Signature={expectedSignature}",
            result.Authorization);
        AssertEqualWhenGiven(vector.ExpectedString("authorization"), result.Authorization);
        AssertEqualWhenGiven(vector.ExpectedString("canonicalRequest"), result.CanonicalRequest);
        AssertEqualWhenGiven(vector.ExpectedString("stringToSign"), result.StringToSign);
        AssertEqualWhenGiven(vector.ExpectedString("canonicalUri"), AkSkSigner.CanonicalUri(vector.Url.AbsolutePath));
        AssertEqualWhenGiven(vector.ExpectedString("canonicalQueryString"), AkSkSigner.CanonicalQueryString(vector.Url.Query));
        AssertEqualWhenGiven(vector.ExpectedString("payloadHash"), AkSkSigner.HexSha256(Encoding.UTF8.GetBytes(vector.Body)));
        if (vector.Expected.TryGetProperty("canonicalHeaderValues", out var headerValues))
        {
            foreach (var header in headerValues.EnumerateObject())
            {
                Assert.Contains($"\n{header.Name}:{header.Value.GetString()}\n", result.CanonicalRequest, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void A_changed_secret_key_changes_the_signature(string name)
    {
        var vector = SigningVector.Named(name);

        var result = AkSkSigner.Sign(RequestOf(vector), vector.AccessKey, vector.SecretKey + "x");

        Assert.NotEqual(vector.ExpectedString("signature") ?? SignatureOf(vector.ExpectedString("authorization")!), result.Signature);
    }

    /// <summary>The headers an official SDK would sign for this vector's input.</summary>
    internal static SigningRequest RequestOf(SigningVector vector)
    {
        var headers = new List<KeyValuePair<string, string>>(vector.GivenHeaders);
        if (vector.SignHost)
        {
            headers.Add(KeyValuePair.Create("Host", vector.Url.IsDefaultPort ? vector.Url.Host : vector.Url.Authority));
        }
        headers.Add(KeyValuePair.Create(AkSkSigner.DateHeader, vector.Date));
        if (vector.ProjectId is { } projectId)
        {
            headers.Add(KeyValuePair.Create("X-Project-Id", projectId));
        }
        if (vector.SecurityToken is { } token)
        {
            headers.Add(KeyValuePair.Create("X-Security-Token", token));
        }
        return new SigningRequest(vector.Method, vector.Url.AbsolutePath, vector.Url.Query, headers, Encoding.UTF8.GetBytes(vector.Body));
    }

    private static string SignatureOf(string authorization) =>
        authorization[(authorization.LastIndexOf("Signature=", StringComparison.Ordinal) + "Signature=".Length)..];

    private static void AssertEqualWhenGiven(string? expected, string actual)
    {
        if (expected is not null)
        {
            Assert.Equal(expected, actual);
        }
    }
}
