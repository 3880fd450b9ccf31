using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>
/// The simulator's gateway accepts the odd job ids and queries exactly as the official Huawei Cloud Node SDK signed them
/// (TestData/official-sdk-odd-cases.json, from <c>tests/node/signing-vectors.mjs</c>), and refuses them once the
/// target or signature changes: its verifier is held to the SDK, not to the bot's signer.
/// </summary>
public sealed class OfficialOddCaseVerificationTests
{
    public static TheoryData<string> VectorNames() => new(Vectors().Select(v => v["name"]!.GetValue<string>()));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void A_request_the_official_SDK_signed_is_accepted(string name)
    {
        var (context, options, time) = Arrange(name);

        Assert.Null(SignatureVerifier.Verify(context, options, time));
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void The_same_request_with_one_more_character_in_its_target_is_refused(string name)
    {
        var (context, options, time) = Arrange(name);
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        var queryAt = feature.RawTarget.IndexOf('?', StringComparison.Ordinal);
        feature.RawTarget = queryAt < 0 ? feature.RawTarget + "x" : feature.RawTarget.Insert(queryAt, "x");

        Assert.Equal(SimulatedError.BadSignature, SignatureVerifier.Verify(context, options, time));
    }

    [Fact]
    public void Temporary_credentials_are_refused_without_the_token_the_SDK_signed()
    {
        var name = Vectors().First(v => v["input"]!["securityToken"] is not null).AsObject()["name"]!.GetValue<string>();
        var (context, options, time) = Arrange(name);
        context.Request.Headers.Remove("X-Security-Token");

        Assert.Equal(SimulatedError.BadSignature, SignatureVerifier.Verify(context, options, time));
    }

    private static (HttpContext Context, SimulatorOptions Options, TimeProvider Time) Arrange(string name)
    {
        var file = File();
        var vector = Vectors().Single(v => v["name"]!.GetValue<string>() == name);
        var expected = vector["expected"]!;
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Host = new HostString(file["host"]!.GetValue<string>());
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = expected["wireTarget"]!.GetValue<string>();
        foreach (var (header, value) in expected["headers"]!.AsObject())
        {
            context.Request.Headers[header] = value!.GetValue<string>();
        }
        context.Request.Headers.Authorization = expected["authorization"]!.GetValue<string>();
        var options = new SimulatorOptions
        {
            AccessKey = file["ak"]!.GetValue<string>(),
            SecretKey = file["sk"]!.GetValue<string>(),
            SecurityToken = vector["input"]!["securityToken"]?.GetValue<string>(),
        };
        var date = DateTimeOffset.ParseExact(file["date"]!.GetValue<string>(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal);
        return (context, options, new FakeTimeProvider(date));
    }

    private static JsonNode File() =>
        JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "official-sdk-odd-cases.json")))!;

    private static IEnumerable<JsonNode> Vectors() => File()["vectors"]!.AsArray().Select(v => v!);
}
