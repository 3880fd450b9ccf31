using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// A Bot Framework connector on loopback that answers as Teams does and records each call's kind, conversation and
/// time (on the driver's stopwatch): a new channel post (CREATE, Teams' CreateConversation, answered with the thread's
/// id), a message or a thread reply (POST), a card updated in place (PUT).
/// </summary>
internal sealed class SubscriptionConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<Call> _calls = new();
    private int _nextId;

    private SubscriptionConnector(WebApplication app, Stopwatch clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri ServiceUrl { get; private set; } = null!;

    public int Count => _calls.Count;

    /// <summary>Every call so far, in the order answered.</summary>
    public IReadOnlyList<Call> Calls => [.. _calls];

    public static async Task<SubscriptionConnector> StartAsync(Stopwatch clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new SubscriptionConnector(app, clock);
        app.MapPost("/v3/conversations", async (HttpRequest request) =>
        {
            var body = await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            var channel = body?["channelData"]?["channel"]?["id"]?.GetValue<string>() ?? "";
            var id = connector.Record("CREATE", channel);
            return Results.Json(new { id = $"{channel};messageid={id}", activityId = id }, statusCode: StatusCodes.Status201Created);
        });
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", (string conversationId) =>
            Results.Json(new { id = connector.Record("POST", conversationId) }, statusCode: StatusCodes.Status201Created));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId) =>
        {
            connector.Record("PUT", conversationId);
            return Results.Json(new { id = activityId });
        });
        await app.StartAsync().ConfigureAwait(false);
        connector.ServiceUrl = new Uri(app.Urls.First() + "/");
        return connector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);

    private string Record(string kind, string conversationId)
    {
        _calls.Enqueue(new Call(kind, conversationId, _clock.Elapsed));
        return $"bench-{Interlocked.Increment(ref _nextId)}";
    }

    /// <summary>One call: CREATE, POST or PUT; the conversation (a thread's channel part for a reply in a channel); when.</summary>
    public sealed record Call(string Kind, string ConversationId, TimeSpan At);
}
