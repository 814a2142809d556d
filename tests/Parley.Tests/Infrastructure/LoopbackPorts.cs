using System.Net;
using System.Net.Sockets;

namespace Parley.Tests.Infrastructure;

/// <summary>Ports for the processes a test starts on loopback (nodes, HAProxy, Redis).</summary>
public static class LoopbackPorts
{
    // Below the kernel's ephemeral range (32768 and up by default), which outgoing connections draw from: a port the
    // OS handed out there was free when picked, but a busy machine's next connection to PostgreSQL or Redis could take
    // it before the node bound it (or rebound it after a restart).
    private const int First = 20000, Last = 32000;

    /// <summary>A port free this moment, outside the ephemeral range; a process that still loses a race fails at start, visibly.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { } // taken: another
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
