using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ChatOpsBot.ModelArts.Configuration;
using ChatOpsBot.ModelArts.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace ChatOpsBot.ModelArts.Client;

/// <summary>
/// The Lite Server job API over an <see cref="HttpClient"/> whose pipeline signs and retries (see
/// <c>AddModelArtsClient</c>). Every failure is a <see cref="ModelArtsApiException"/>, except the caller's own
/// cancellation, which stays an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class LiteServerJobClient(
    HttpClient httpClient,
    IOptionsMonitor<ModelArtsOptions> options,
    TimeProvider timeProvider,
    ILogger<LiteServerJobClient> logger) : ILiteServerJobClient
{
    /// <summary>Far above the largest real job (10,000 tasks is a few MB), far below trouble.</summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    private const int MaxFilterLength = 256;
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    public async Task<LiteServerJob> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        if (LiteServerIds.FindJobIdProblem(jobId) is { } problem)
        {
            throw InvalidInput(problem);
        }
        return await GetAsync("/" + Uri.EscapeDataString(jobId), "", ModelArtsJsonContext.Default.LiteServerJob, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<LiteServerJobPage> ListJobsAsync(LiteServerJobQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Id is not null && LiteServerIds.FindJobIdProblem(query.Id) is { } problem)
        {
            throw InvalidInput(problem);
        }
        var filters = new StringBuilder();
        AppendFilter(filters, "id", query.Id);
        AppendFilter(filters, "name", query.Name);
        AppendFilter(filters, "type", query.Type);
        AppendFilter(filters, "status", query.Status);
        return await GetAsync("", filters.ToString(), ModelArtsJsonContext.Default.LiteServerJobPage, cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<T> GetAsync<T>(string jobSegment, string query, JsonTypeInfo<T> answerType, CancellationToken cancellationToken)
        where T : class
    {
        var settings = ModelArtsOptionsValidator.RequireUsable(options);
        if (!LiteServerIds.IsValidProjectId(settings.ProjectId))
        {
            throw InvalidInput("The configured project id must be 1 to 64 letters, digits or '-'.");
        }
        // Computed per call from the current options: a host's PostConfigure or a reload applies even to a client
        // that a singleton holds for its whole life.
        var uri = new Uri(EndpointOf(settings), $"v1/{Uri.EscapeDataString(settings.ProjectId!)}/dev-servers/jobs{jobSegment}{query}");
        var path = uri.AbsolutePath;

        // The pipeline's total timeout ends at the response headers; this deadline also covers reading the body.
        // Real time, like the pipeline's: the injected provider is the wall clock, and a test may have frozen it.
        using var deadline = new CancellationTokenSource(settings.TotalTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(Json);
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token)
                .ConfigureAwait(false);
            var requestId = ModelArtsErrorResponse.RequestIdOf(response);
            if (!response.IsSuccessStatusCode)
            {
                var body = await BoundedContentReader.ReadAsync(response.Content, MaxResponseBytes, linked.Token).ConfigureAwait(false);
                var failedAfterMs = Elapsed(started);
                LogAnswer(LogLevel.Warning, path, (int)response.StatusCode, failedAfterMs, requestId);
                throw ModelArtsErrorResponse.From(response, body, timeProvider.GetUtcNow());
            }
            // Read as it arrives, never as a whole: a 10,000-task job is megabytes of JSON, and a copy of it in one
            // array (twice, with the buffer it grew in) outlives the request on the large object heap.
            var (answer, problem) = await DeserializeAsync(response, answerType, requestId, linked.Token).ConfigureAwait(false);
            var elapsedMs = Elapsed(started);
            LogAnswer(LogLevel.Debug, path, (int)response.StatusCode, elapsedMs, requestId);
            return answer ?? throw problem!;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Thrown again with the caller's own token: the one in flight was the linked deadline token.
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutRejectedException)
        {
            var elapsedMs = Elapsed(started);
            LogFailure(path, ModelArtsErrorKind.Timeout, elapsedMs);
            throw new ModelArtsApiException(ModelArtsErrorKind.Timeout, null, null,
                $"ModelArts did not answer in time (gave up after {elapsedMs / 1000.0:0.#} s).", null, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            var elapsedMs = Elapsed(started);
            LogFailure(path, ModelArtsErrorKind.Unavailable, elapsedMs);
            throw new ModelArtsApiException(ModelArtsErrorKind.Unavailable, null, null,
                "ModelArts could not be reached.", null, e);
        }
    }

    private static async Task<(T? Answer, ModelArtsApiException? Problem)> DeserializeAsync<T>(
        HttpResponseMessage response, JsonTypeInfo<T> answerType, string? requestId, CancellationToken cancellationToken)
        where T : class
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            return (null, TooLarge(response, requestId));
        }
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var bounded = new BoundedReadStream(stream, MaxResponseBytes);
            await using (bounded.ConfigureAwait(false))
            {
                try
                {
                    var answer = await JsonSerializer.DeserializeAsync(bounded, answerType, cancellationToken).ConfigureAwait(false);
                    return answer is null
                        ? (null, Malformed(response, requestId, "The answer is JSON null, not the object the API documents.", null))
                        : (answer, null);
                }
                catch (ResponseTooLargeException)
                {
                    return (null, TooLarge(response, requestId));
                }
                catch (JsonException e)
                {
                    var where = string.IsNullOrEmpty(e.Path) ? "" : $" (at {e.Path})";
                    return (null, Malformed(response, requestId, $"The answer is not the JSON the API documents{where}.", e));
                }
            }
        }
    }

    private static ModelArtsApiException TooLarge(HttpResponseMessage response, string? requestId) =>
        Malformed(response, requestId, $"The answer is larger than {MaxResponseBytes / (1024 * 1024)} MB.", null);

    // The validator refuses a bad endpoint at start; this covers a client built without it.
    private static Uri EndpointOf(ModelArtsOptions settings)
    {
        try
        {
            return settings.ResolveEndpoint();
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            throw new ModelArtsApiException(ModelArtsErrorKind.NotConfigured, null, null,
                "ModelArts:Endpoint or ModelArts:Region does not give a usable URL.", null, e);
        }
    }

    private static void AppendFilter(StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > MaxFilterLength || value.Any(char.IsControl))
        {
            throw InvalidInput($"The '{name}' filter must be at most {MaxFilterLength} characters without control characters.");
        }
        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static ModelArtsApiException InvalidInput(string message) =>
        new(ModelArtsErrorKind.InvalidInput, null, null, message, null);

    private static ModelArtsApiException Malformed(HttpResponseMessage response, string? requestId, string message, Exception? inner) =>
        new(ModelArtsErrorKind.MalformedResponse, response.StatusCode, null, message, requestId, inner);

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    // The path is logged percent-encoded: a job id typed by a user cannot forge a log line. Headers never are.
    [LoggerMessage(Message = "ModelArts GET {Path} answered {StatusCode} in {ElapsedMs} ms (request id {RequestId})")]
    private partial void LogAnswer(LogLevel level, string path, int statusCode, long elapsedMs, string? requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ModelArts GET {Path} failed: {Kind} after {ElapsedMs} ms")]
    private partial void LogFailure(string path, ModelArtsErrorKind kind, long elapsedMs);
}
