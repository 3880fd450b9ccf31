using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatOpsBot.Tests.Hosting;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP metrics endpoint on loopback (<c>POST /v1/metrics</c>): keeps every export
/// it receives and answers 200 with an empty (valid) protobuf response.
/// </summary>
public sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<byte[]> _exports = Channel.CreateUnbounded<byte[]>();

    private FakeOtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base address, as <c>Telemetry:OtlpEndpoint</c> takes it.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new FakeOtlpCollector(app);
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            await collector._exports.Writer.WriteAsync(body.ToArray());
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        collector.BaseAddress = new Uri(app.Urls.First() + "/");
        return collector;
    }

    /// <summary>
    /// Waits for the first export whose protobuf holds <paramref name="text"/> (names and tag values are plain UTF-8
    /// in it) and returns it.
    /// </summary>
    public async Task<byte[]> WaitForExportContainingAsync(string text, CancellationToken cancellationToken)
    {
        var wanted = Encoding.UTF8.GetBytes(text);
        await foreach (var export in _exports.Reader.ReadAllAsync(cancellationToken))
        {
            if (export.AsSpan().IndexOf(wanted) >= 0)
            {
                return export;
            }
        }
        throw new InvalidOperationException("The collector stopped.");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
