using System.Globalization;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Signing;
using ChatOpsBot.ModelArts.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatOpsBot.ModelArts.Tests.Signing;

public sealed class AkSkSigningHandlerTests
{
    // The vectors whose signed headers are exactly what the handler adds: host, date, optional project id and token.
    public static TheoryData<string> HandlerShapedVectors =>
        ["get-no-query", "get-query-encoding", "path-trailing-slash", "security-token", "dotnet-sdk-vpcs"];

    [Theory]
    [MemberData(nameof(HandlerShapedVectors))]
    public async Task Handler_sends_the_authorization_the_official_sdk_computed(string name)
    {
        var vector = SigningVector.Named(name);
        var clock = new FakeTimeProvider(DateTimeOffset.ParseExact(vector.Date, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal));
        var options = Monitor(new Dictionary<string, string?>
        {
            ["ModelArts:AccessKey"] = vector.AccessKey,
            ["ModelArts:SecretKey"] = vector.SecretKey,
            ["ModelArts:ProjectId"] = vector.ProjectId,
            ["ModelArts:SecurityToken"] = vector.SecurityToken,
        });
        var wire = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AkSkSigningHandler(options, clock) { InnerHandler = wire });

        using var request = new HttpRequestMessage(HttpMethod.Get, vector.Url);
        using var response = await invoker.SendAsync(request, CancellationToken.None);

        var headers = Assert.Single(wire.Sent);
        var authorization = vector.ExpectedString("authorization")
            ?? $"SDK-HMAC-SHA256 Access={vector.AccessKey}, SignedHeaders={vector.ExpectedString("signedHeaders")}, Signature={vector.ExpectedString("signature")}";
        Assert.Equal([authorization], headers["Authorization"]);
        Assert.Equal([vector.Date], headers["X-Sdk-Date"]);
        Assert.Equal([vector.Url.Host], headers["Host"]);
        Assert.Equal(vector.SecurityToken is null ? null : [vector.SecurityToken], headers.GetValueOrDefault("X-Security-Token"));
        Assert.False(headers.ContainsKey("X-Project-Id"));
    }

    [Fact]
    public async Task Server_verifies_a_signature_over_host_with_port_date_project_and_token()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.Zero));
        using var client = new HttpClient(new AkSkSigningHandler(Monitor(ModelArtsTestHost.Settings(server.BaseAddress)), clock)
        {
            InnerHandler = new SocketsHttpHandler(),
        });

        using var response = await client.GetAsync(
            new Uri(server.BaseAddress, $"v1/{ModelArtsTestHost.ProjectId}/dev-servers/jobs/a%2Fb%20c?status=FAILED&name=x%26y"));

        var seen = Assert.Single(server.Requests);
        Assert.Null(seen.SignatureProblem);
        Assert.Equal($"127.0.0.1:{server.BaseAddress.Port}", seen.Headers["Host"]);
        Assert.Equal("20260115T083000Z", seen.Headers["X-Sdk-Date"]);
        Assert.Equal(ModelArtsTestHost.ProjectId, seen.Headers["X-Project-Id"]);
        Assert.Equal(ModelArtsTestHost.SecurityToken, seen.Headers["X-Security-Token"]);
        Assert.StartsWith($"SDK-HMAC-SHA256 Access={ModelArtsTestHost.AccessKey}, SignedHeaders=host;x-project-id;x-sdk-date;x-security-token, Signature=",
            seen.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_rejects_the_signature_when_it_holds_another_secret_key()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        server.SecretKey = ModelArtsTestHost.SecretKey + "-other";
        using var client = new HttpClient(new AkSkSigningHandler(Monitor(ModelArtsTestHost.Settings(server.BaseAddress)), TimeProvider.System)
        {
            InnerHandler = new SocketsHttpHandler(),
        });

        using var response = await client.GetAsync(new Uri(server.BaseAddress, "v1/p/dev-servers/jobs/1"));

        Assert.Equal("signature mismatch", Assert.Single(server.Requests).SignatureProblem);
    }

    [Fact]
    public async Task Each_send_is_signed_anew_with_the_current_time_and_no_doubled_headers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.Zero));
        var wire = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AkSkSigningHandler(Monitor(ModelArtsTestHost.Settings(new Uri("https://h/"))), clock)
        {
            InnerHandler = wire,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://modelarts.cn-north-4.myhuaweicloud.com/v1/p/dev-servers/jobs/1");

        // A retry sends the same request message again: what the first try set must be replaced, not doubled.
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        clock.Advance(TimeSpan.FromSeconds(1));
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.Equal(2, wire.Sent.Count);
        Assert.Equal(["20260115T083000Z"], wire.Sent[0]["X-Sdk-Date"]);
        Assert.Equal(["20260115T083001Z"], wire.Sent[1]["X-Sdk-Date"]);
        Assert.Single(wire.Sent[1]["Authorization"]);
        Assert.Single(wire.Sent[1]["X-Project-Id"]);
        Assert.Single(wire.Sent[1]["X-Security-Token"]);
        Assert.NotEqual(wire.Sent[0]["Authorization"], wire.Sent[1]["Authorization"]);
    }

    [Fact]
    public async Task Rotated_credentials_sign_the_next_request()
    {
        await using var server = await LoopbackServer.StartAsync(200, "{}");
        var settings = ModelArtsTestHost.Settings(server.BaseAddress);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = OptionsServices(configuration);
        using var client = new HttpClient(new AkSkSigningHandler(services.GetRequiredService<IOptionsMonitor<ModelArtsOptions>>(), TimeProvider.System)
        {
            InnerHandler = new SocketsHttpHandler(),
        });
        var path = new Uri(server.BaseAddress, "v1/p/dev-servers/jobs/1");

        (await client.GetAsync(path)).Dispose();
        configuration["ModelArts:AccessKey"] = "HWAKROTATED000000002";
        configuration["ModelArts:SecretKey"] = "rotatedSecretKey000000000000000000000002";
        configuration.Reload();
        server.SecretKey = "rotatedSecretKey000000000000000000000002";
        (await client.GetAsync(path)).Dispose();

        Assert.Contains($"Access={ModelArtsTestHost.AccessKey},", server.Requests[0].Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("Access=HWAKROTATED000000002,", server.Requests[1].Headers["Authorization"], StringComparison.Ordinal);
        Assert.Null(server.Requests[1].SignatureProblem);
    }

    [Fact]
    public async Task Missing_secret_key_is_NotConfigured_and_nothing_is_sent()
    {
        var settings = ModelArtsTestHost.Settings(new Uri("https://h/"));
        settings["ModelArts:SecretKey"] = null;
        var wire = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new AkSkSigningHandler(Monitor(settings), TimeProvider.System) { InnerHandler = wire });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://h/v1/p/dev-servers/jobs/1");

        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.NotConfigured, error.Kind);
        Assert.Contains("ModelArts:SecretKey is missing", error.Message, StringComparison.Ordinal);
        Assert.Empty(wire.Sent);
    }

    [Theory]
    [InlineData("https://modelarts.cn-north-4.myhuaweicloud.com/x", "modelarts.cn-north-4.myhuaweicloud.com")]
    [InlineData("https://modelarts.cn-north-4.myhuaweicloud.com:443/x", "modelarts.cn-north-4.myhuaweicloud.com")]
    [InlineData("https://modelarts.cn-north-4.myhuaweicloud.com:8443/x", "modelarts.cn-north-4.myhuaweicloud.com:8443")]
    [InlineData("http://127.0.0.1:5080/x", "127.0.0.1:5080")]
    [InlineData("http://[::1]:5080/x", "[::1]:5080")]
    [InlineData("http://bücher.example/x", "xn--bcher-kva.example")]
    public void Host_header_carries_the_port_only_when_it_is_not_the_default(string url, string expected) =>
        Assert.Equal(expected, AkSkSigningHandler.HostHeaderOf(new Uri(url)));

    private static IOptionsMonitor<ModelArtsOptions> Monitor(Dictionary<string, string?> settings)
    {
        var services = OptionsServices(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.GetRequiredService<IOptionsMonitor<ModelArtsOptions>>();
    }

    // Binding only: these tests sign requests whose settings the validator would refuse (no project id).
    private static ServiceProvider OptionsServices(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddOptions<ModelArtsOptions>().BindConfiguration(ModelArtsOptions.SectionName);
        return services.BuildServiceProvider();
    }
}
