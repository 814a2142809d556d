using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;
using Parley.Server.Messages;

namespace Parley.Server.Realtime;

/// <summary>
/// On SIGTERM: new work is refused with 503 shutting_down (retry after a second), the sends already queued are written,
/// then every hub WebSocket gets a close frame 1001 (going away), so clients reconnect at once — to another node, or to
/// this one when it is back — and catch up, instead of waiting for a timeout after a cut socket (1006).
/// </summary>
public sealed class GracefulShutdown(SendBatcher batcher, ILogger<GracefulShutdown> log)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<WebSocket, byte> _sockets = new();

    /// <summary>Runs before SignalR's own shutdown (registered after it: stopping callbacks run last-registered first).</summary>
    public void Register(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(() => StopAsync().GetAwaiter().GetResult());

    /// <summary>Refuses REST calls once stopping, and keeps the hub's WebSockets so they can be closed properly.</summary>
    public void UseOn(WebApplication app) => app.Use(async (http, next) =>
    {
        if (app.Lifetime.ApplicationStopping.IsCancellationRequested && http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.Headers.Connection = "close";
            throw ParleyError.ShuttingDown();
        }
        if (http.Request.Path.StartsWithSegments(AuthSetup.HubPath) && http.Features.Get<IHttpWebSocketFeature>() is { IsWebSocketRequest: true } ws)
        {
            var tracked = new TrackedWebSocketFeature(ws, this);
            http.Features.Set<IHttpWebSocketFeature>(tracked);
            try { await next(http); }
            finally { if (tracked.Socket is { } s) _sockets.TryRemove(s, out _); }
            return;
        }
        await next(http);
    });

    private async Task StopAsync()
    {
        if (!await batcher.DrainAsync(DrainLimit)) log.LogWarning("Stopping with sends still being written after {Seconds} s", DrainLimit.TotalSeconds);
        // The last acknowledgements and broadcasts may still be in the connections' pipes: a moment to send them first.
        await Task.Delay(100);
        var sockets = _sockets.Keys.ToList();
        await Task.WhenAll(sockets.Select(s => HubSockets.CloseAsync(s, WebSocketCloseStatus.EndpointUnavailable, "Server restarting"))).WaitAsync(HubSockets.CloseLimit).ContinueWith(_ => { }, TaskScheduler.Default);
        log.LogInformation("Stopping: told {Count} hub connections to reconnect", sockets.Count);
    }

    internal sealed class TrackedWebSocketFeature(IHttpWebSocketFeature inner, GracefulShutdown owner) : IHttpWebSocketFeature
    {
        public WebSocket? Socket { get; private set; }
        public bool IsWebSocketRequest => inner.IsWebSocketRequest;

        public async Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
        {
            Socket = await inner.AcceptAsync(context);
            owner._sockets.TryAdd(Socket, 0);
            return Socket;
        }
    }
}
