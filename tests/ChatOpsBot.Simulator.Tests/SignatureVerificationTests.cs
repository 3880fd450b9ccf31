using System.Net;
using System.Text.Json.Nodes;
using ChatOpsBot.ModelArts.Client;
using ChatOpsBot.ModelArts.Signing;

namespace ChatOpsBot.Simulator.Tests;

/// <summary>The simulator refuses what the real gateway refuses, so a signing bug is found here, not in production.</summary>
public sealed class SignatureVerificationTests
{
    private const string SeedPath = $"/v1/{SimulatorFixture.ProjectId}/dev-servers/jobs/{JobCatalog.SeedJobId}";

    [Fact]
    public async Task A_correctly_signed_request_is_answered()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var response = await SendSignedAsync(simulator, SeedPath, simulator.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task The_client_with_a_wrong_secret_key_gets_APIGW_0301()
    {
        await using var simulator = await SimulatorFixture.StartAsync(secretKey: "not-the-secret-key-0123456789abcdef");
        var error = await Assert.ThrowsAsync<ModelArtsApiException>(() => simulator.Client.GetJobAsync(JobCatalog.SeedJobId, CancellationToken.None));

        Assert.Equal(ModelArtsErrorKind.Unauthorized, error.Kind);
        Assert.Equal("APIGW.0301", error.ErrorCode);
    }

    [Theory]
    [InlineData("wrong-access-key")]
    [InlineData("tampered-path")]
    [InlineData("tampered-signature")]
    [InlineData("no-authorization")]
    [InlineData("date-not-signed")]
    public async Task Tampered_requests_are_refused_with_APIGW_0301(string tampering)
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        var now = simulator.Time.GetUtcNow();
        using var response = tampering switch
        {
            "wrong-access-key" => await SendSignedAsync(simulator, SeedPath, now, accessKey: "SOMEONEELSESACCESSKEY"),
            "tampered-path" => await SendSignedAsync(simulator, SeedPath, now, sendPath: SeedPath.Replace(JobCatalog.SeedJobId, JobCatalog.ManyFailuresJobId, StringComparison.Ordinal)),
            "tampered-signature" => await SendSignedAsync(simulator, SeedPath, now, mutateAuthorization: a => a[..^4] + "0000"),
            "no-authorization" => await SendSignedAsync(simulator, SeedPath, now, mutateAuthorization: _ => null),
            _ => await SendSignedAsync(simulator, SeedPath, now, mutateAuthorization: a => a.Replace("host;x-sdk-date", "host", StringComparison.Ordinal)),
        };

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGW.0301", body["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(16)]
    [InlineData(-16)]
    public async Task A_date_more_than_15_minutes_off_is_refused(int minutesOff)
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var response = await SendSignedAsync(simulator, SeedPath, simulator.Time.GetUtcNow().AddMinutes(minutesOff));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("APIGW.0303", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_14_minutes_off_is_still_accepted()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var response = await SendSignedAsync(simulator, SeedPath, simulator.Time.GetUtcNow().AddMinutes(-14));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Another_project_than_the_simulated_one_is_not_found()
    {
        await using var simulator = await SimulatorFixture.StartAsync();
        using var response = await SendSignedAsync(simulator, SeedPath.Replace(SimulatorFixture.ProjectId, "another-project", StringComparison.Ordinal), simulator.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Temporary_credentials_require_the_security_token()
    {
        await using var simulator = await SimulatorFixture.StartAsync(o => o.SecurityToken = "temporary-token-0123");
        using var response = await SendSignedAsync(simulator, SeedPath, simulator.Time.GetUtcNow());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>Signs like the official SDKs (host and X-Sdk-Date), then optionally sends something else.</summary>
    private static async Task<HttpResponseMessage> SendSignedAsync(
        SimulatorFixture simulator, string signedPath, DateTimeOffset signedAt, string accessKey = SimulatorFixture.AccessKey,
        string? sendPath = null, Func<string, string?>? mutateAuthorization = null)
    {
        var host = simulator.Host.BaseAddress.Authority;
        var date = AkSkSigner.FormatDate(signedAt);
        var signature = AkSkSigner.Sign(
            new SigningRequest("GET", signedPath, "", [new("host", host), new(AkSkSigner.DateHeader, date)], ReadOnlyMemory<byte>.Empty),
            accessKey, SimulatorFixture.SecretKey);
        using var client = new HttpClient { BaseAddress = simulator.Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, sendPath ?? signedPath);
        request.Headers.TryAddWithoutValidation(AkSkSigner.DateHeader, date);
        var authorization = mutateAuthorization is null ? signature.Authorization : mutateAuthorization(signature.Authorization);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        return await client.SendAsync(request);
    }
}
