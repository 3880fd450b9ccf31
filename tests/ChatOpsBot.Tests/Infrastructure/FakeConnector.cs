using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Tests.Infrastructure;

/// <summary>
/// A Bot Framework channel connector on loopback: records every activity the bot sends (POST) or updates (PUT),
/// answers as Teams does (201 with an id for a new message, 200 for an update), and can be told to refuse a
/// conversation (403/404) or throttle it (429), or to hold its calls unanswered, so the bot's reactions can be observed.
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, string? Method)> _refusals = new();
    private readonly ConcurrentDictionary<string, string> _holds = new();
    private readonly ConcurrentDictionary<string, TimeSpan> _throttles = new();
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyList<ConnectorCall> Calls => [.. _calls];

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpRequest request) =>
            connector.RecordAsync("POST", conversationId, null, request));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) =>
            connector.RecordAsync("POST", conversationId, activityId, request));
        // A new top-level post in a channel (CreateConversation with the channel in channelData), answered as Teams does:
        // the new thread's id and the post's activity id. Recorded as CREATE, to the channel, with the posted activity.
        app.MapPost("/v3/conversations", (HttpRequest request) => connector.CreateAsync(request));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpRequest request) =>
            connector.RecordAsync("PUT", conversationId, activityId, request));
        await app.StartAsync();
        connector.ServiceUrl = new Uri(app.Urls.First() + "/");
        return connector;
    }

    /// <summary>
    /// From now on, every call to this conversation (or only its calls of <paramref name="method"/>, POST or PUT) is
    /// answered with <paramref name="status"/>.
    /// </summary>
    public void Refuse(string conversationId, HttpStatusCode status, string? method = null) => _refusals[conversationId] = (status, method);

    /// <summary>
    /// From now on, calls of <paramref name="method"/> to this conversation are recorded (answered status 0) and never
    /// answered until the caller gives up or dies: the moment between "the channel has it" and "the bot knows".
    /// </summary>
    public void Hold(string conversationId, string method) => _holds[conversationId] = method;

    /// <summary>
    /// The next call to this conversation, or to any thread of it (<c>{id};messageid=…</c>), is answered 429 with
    /// <c>Retry-After</c> in whole seconds, as Teams throttles; the calls after it are answered as usual.
    /// </summary>
    public void ThrottleOnce(string conversationId, TimeSpan retryAfter) => _throttles[conversationId] = retryAfter;

    /// <summary>Lifts <see cref="Refuse"/> and <see cref="Hold"/> for the conversation's next calls.</summary>
    public void Allow(string conversationId)
    {
        _refusals.TryRemove(conversationId, out _);
        _holds.TryRemove(conversationId, out _);
    }

    public void Clear() => _calls.Clear();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private TimeSpan? TakeThrottle(string conversationId)
    {
        foreach (var (throttled, retryAfter) in _throttles)
        {
            if ((conversationId == throttled || conversationId.StartsWith(throttled + ";messageid=", StringComparison.Ordinal))
                && _throttles.TryRemove(throttled, out _))
            {
                return retryAfter;
            }
        }
        return null;
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) ?? new JsonObject();
        var channel = body["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? "";
        if (_refusals.TryGetValue(channel, out var refusal) && (refusal.Method is null || refusal.Method == "CREATE"))
        {
            _calls.Enqueue(new ConnectorCall("CREATE", channel, null, body["activity"] ?? new JsonObject(), request.Headers.Authorization.ToString(),
                (int)refusal.Status));
            return Results.Json(new { error = new { code = "Refused", message = "refused by the test" } }, statusCode: (int)refusal.Status);
        }
        _calls.Enqueue(new ConnectorCall("CREATE", channel, null, body["activity"] ?? new JsonObject(), request.Headers.Authorization.ToString(), 201));
        var id = $"msg-{Interlocked.Increment(ref _nextId)}";
        return Results.Json(new { id = $"{channel};messageid={id}", activityId = id }, statusCode: 201);
    }

    private async Task<IResult> RecordAsync(string method, string conversationId, string? activityId, HttpRequest request)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var body = await JsonNode.ParseAsync(request.Body) ?? new JsonObject();
        var authorization = request.Headers.Authorization.ToString();
        if (TakeThrottle(conversationId) is { } retryAfter)
        {
            _calls.Enqueue(new ConnectorCall(method, conversationId, activityId, body, authorization, 429) { ReceivedAt = receivedAt });
            request.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Json(new { error = new { code = "Throttled", message = "throttled by the test" } }, statusCode: 429);
        }
        if (_holds.TryGetValue(conversationId, out var held) && held == method)
        {
            _calls.Enqueue(new ConnectorCall(method, conversationId, activityId, body, authorization, 0));
            try
            {
                await Task.Delay(Timeout.Infinite, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The caller hung up (or died): there is no one left to answer.
            }
            return Results.Empty;
        }
        if (_refusals.TryGetValue(conversationId, out var refusal) && (refusal.Method is null || refusal.Method == method))
        {
            var status = refusal.Status;
            _calls.Enqueue(new ConnectorCall(method, conversationId, activityId, body, authorization, (int)status));
            return Results.Json(new { error = new { code = "Refused", message = "refused by the test" } }, statusCode: (int)status);
        }
        _calls.Enqueue(new ConnectorCall(method, conversationId, activityId, body, authorization, method == "PUT" ? 200 : 201) { ReceivedAt = receivedAt });
        var id = activityId is not null && method == "PUT"
            ? activityId
            : $"msg-{Interlocked.Increment(ref _nextId)}";
        return method == "PUT" ? Results.Ok(new { id }) : Results.Json(new { id }, statusCode: 201);
    }
}
