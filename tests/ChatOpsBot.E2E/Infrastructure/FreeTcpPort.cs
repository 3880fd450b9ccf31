using System.Net;
using System.Net.Sockets;

namespace ChatOpsBot.E2E.Infrastructure;

internal static class FreeTcpPort
{
    /// <summary>
    /// A loopback port free right now. The bot must be told its port up front (its embedded simulator is called on
    /// it), so the port is found here and handed over; the small race with other processes is accepted.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
