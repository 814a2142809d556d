using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Server.Realtime;

/// <summary>
/// Closing a hub connection's WebSocket with a close frame, and waiting for the client's answer: an abort alone
/// discards whatever still sits in Kestrel's output (the last event, the close frame), so the client sees only a cut.
/// </summary>
public static class HubSockets
{
    public static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(2);

    /// <summary>The connection's WebSocket, when it came in over one (GracefulShutdown keeps it on the request).</summary>
    public static WebSocket? Of(HubCallerContext context)
    {
        try
        {
            return context.GetHttpContext()?.Features.Get<IHttpWebSocketFeature>() is GracefulShutdown.TrackedWebSocketFeature tracked ? tracked.Socket : null;
        }
        catch (ObjectDisposedException) { return null; } // the client closed it already: its request has ended
    }

    public static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State != WebSocketState.Open) return;
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            var until = DateTime.UtcNow + CloseLimit;
            while (socket.State == WebSocketState.CloseSent && DateTime.UtcNow < until) await Task.Delay(20);
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException) { }
    }
}
