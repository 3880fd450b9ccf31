namespace ChatOpsBot.Hosting;

/// <summary>
/// Counts each HTTP try the ModelArts client sends, by outcome. It sits innermost in the client's pipeline (after the
/// retries and the signer), so a call retried after a 429 counts as <c>throttled</c> then <c>ok</c>: what the API
/// gateway saw, which is what its per-user throttling counts.
/// </summary>
public sealed class ModelArtsRequestMetricsHandler(ChatOpsMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The attempt's or the call's deadline, or the caller gave up: no answer in time either way.
            metrics.RecordModelArtsRequest(ModelArtsRequestOutcome.Timeout);
            throw;
        }
        catch (HttpRequestException)
        {
            metrics.RecordModelArtsRequest(ModelArtsRequestOutcome.Unreachable);
            throw;
        }
        metrics.RecordModelArtsRequest(ModelArtsRequestOutcome.Of(response.StatusCode));
        return response;
    }
}
