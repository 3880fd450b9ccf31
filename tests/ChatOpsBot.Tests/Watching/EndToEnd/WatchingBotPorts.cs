using System.Net;
using System.Net.Sockets;

namespace ChatOpsBot.Tests.Watching.EndToEnd;

internal static class WatchingBotPorts
{
    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
