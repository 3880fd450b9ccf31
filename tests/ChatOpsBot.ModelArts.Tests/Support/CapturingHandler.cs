using System.Net;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>The end of a pipeline under a unit test: keeps each request's headers as they would go on the wire.</summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    private readonly List<Dictionary<string, string[]>> sent = [];

    public IReadOnlyList<Dictionary<string, string[]>> Sent => sent;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        sent.Add(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
