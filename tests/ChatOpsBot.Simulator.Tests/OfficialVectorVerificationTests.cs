using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>
/// The simulator's gateway accepts what the official Huawei Cloud SDKs send (their own vectors) and refuses it once
/// anything signed is changed: it checks signatures as the real gateway does, not as our client happens to sign.
/// </summary>
public sealed class OfficialVectorVerificationTests
{
    public static TheoryData<string> GetVectors() =>
        new(Vectors().Where(v => v["input"]!["method"]!.GetValue<string>() == "GET" && v["expected"]!["authorization"] is not null)
            .Select(v => v["name"]!.GetValue<string>()));

    [Theory]
    [MemberData(nameof(GetVectors))]
    public void An_official_SDK_request_is_accepted(string name)
    {
        var (context, options, time) = Arrange(name);

        Assert.Null(SignatureVerifier.Verify(context, options, time));
    }

    [Theory]
    [MemberData(nameof(GetVectors))]
    public void An_official_SDK_request_with_its_path_changed_is_refused(string name)
    {
        var (context, options, time) = Arrange(name);
        var feature = context.Features.Get<IHttpRequestFeature>()!;
        feature.RawTarget = feature.RawTarget.Replace("/v", "/x", StringComparison.Ordinal);

        Assert.Equal(SimulatedError.BadSignature, SignatureVerifier.Verify(context, options, time));
    }

    private static (HttpContext Context, SimulatorOptions Options, TimeProvider Time) Arrange(string name)
    {
        var vector = Vectors().Single(v => v["name"]!.GetValue<string>() == name);
        var input = vector["input"]!;
        var url = new Uri(input["url"]!.GetValue<string>());
        var context = new DefaultHttpContext();
        context.Request.Method = input["method"]!.GetValue<string>();
        context.Request.Host = new HostString(url.Authority);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = url.PathAndQuery;
        foreach (var (header, value) in vector["expected"]!["wireHeaders"]!.AsObject())
        {
            if (!header.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                context.Request.Headers[header] = value!.GetValue<string>();
            }
        }
        var options = new SimulatorOptions
        {
            AccessKey = input["ak"]!.GetValue<string>(),
            SecretKey = input["sk"]!.GetValue<string>(),
            SecurityToken = input["securityToken"]?.GetValue<string>(),
        };
        var date = DateTimeOffset.ParseExact(input["date"]!.GetValue<string>(), "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        return (context, options, new FakeTimeProvider(date));
    }

    private static IEnumerable<JsonNode> Vectors() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "official-sdk-vectors.json")))!["vectors"]!
            .AsArray().Select(v => v!);
}
