using System.Net;
using System.Net.Sockets;
using ChatOpsBot.Tests.Security;
using ChatOpsBot.Tests.Watching.Support;

namespace ChatOpsBot.Tests.Hosting;

/// <summary>
/// The hosting platform says where to listen (App Service sets ASPNETCORE_URLS) and no configuration file may
/// override it: otherwise the bot sits on localhost:3978 and the platform's start-up probe never reaches it.
/// </summary>
public sealed class PlatformUrlTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task In_Production_the_bot_listens_where_ASPNETCORE_URLS_says()
    {
        var port = FreeLoopbackPort();
        var environment = ProductionHostFactory.AsEnvironment(ProductionHostFactory.ValidSettings(_data.Path));
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        await using var bot = await SecureBotProcess.StartAsync(environment, urls: null);

        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), bot.BaseAddress);
        using var response = await bot.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(":3978", bot.Output, StringComparison.Ordinal);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
