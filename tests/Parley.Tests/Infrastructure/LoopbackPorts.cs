using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

/// <summary>Ports for the processes a test starts on loopback (nodes, HAProxy, Redis).</summary>
public static class LoopbackPorts
{
    /// <summary>A port free this moment (the OS picks it); a process that loses the race to bind it fails at start, visibly.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
