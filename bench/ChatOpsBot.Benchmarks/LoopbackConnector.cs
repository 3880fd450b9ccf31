using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Benchmarks;

/// <summary>
/// A Bot Framework connector on loopback that accepts everything as Teams does (POST 201 with an id, PUT 200): the
/// card updates a Refresh makes go to it, the replies come back in the turn's response (<c>expectReplies</c>).
/// </summary>
internal sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _posts;
    private int _updates;

    private LoopbackConnector(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public int Posts => Volatile.Read(ref _posts);

    public int Updates => Volatile.Read(ref _updates);

    public static async Task<LoopbackConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new LoopbackConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", () =>
        {
            var id = Interlocked.Increment(ref connector._posts);
            return Results.Json(new { id = $"posted-{id}" }, statusCode: StatusCodes.Status201Created);
        });
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string activityId) =>
        {
            Interlocked.Increment(ref connector._updates);
            return Results.Json(new { id = activityId });
        });
        await app.StartAsync().ConfigureAwait(false);
        connector.ServiceUrl = new Uri(app.Urls.First() + "/");
        return connector;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}
