using System.Net;
using System.Text;

namespace ChatOpsBot.ModelArts.Tests.Support;

/// <summary>
/// The end of a pipeline under a unit test: keeps each request's headers and target as they would go on the wire, and
/// answers 200 with an empty JSON object.
/// </summary>
public sealed class CapturingHandler : HttpMessageHandler
{
    private readonly List<Dictionary<string, string[]>> sent = [];
    private readonly List<string> targets = [];

    public IReadOnlyList<Dictionary<string, string[]>> Sent => sent;

    /// <summary>Each request's path and query, percent-encoded as sent.</summary>
    public IReadOnlyList<string> Targets => targets;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        sent.Add(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
        targets.Add(request.RequestUri!.PathAndQuery);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });
    }
}
