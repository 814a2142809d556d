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
/// this one when it is back — and catch up, instead of waiting for a timeout after a cut socket (1006). New hub
/// connections are refused too: a balancer keeps sending reconnects here until its health check marks the node down,
/// and a socket opened after the close frames went out would hold the exit until the host's 30 s shutdown limit.
/// </summary>
public sealed class GracefulShutdown(SendBatcher batcher, ILogger<GracefulShutdown> log)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<WebSocket, byte> _sockets = new();
    private volatile bool _closing;

    /// <summary>Runs before SignalR's own shutdown (registered after it: stopping callbacks run last-registered first).</summary>
    public void Register(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(() => StopAsync().GetAwaiter().GetResult());

    /// <summary>Refuses REST calls and new hub connections once stopping, and keeps the hub's WebSockets so they can be closed properly.</summary>
    public void UseOn(WebApplication app) => app.Use(async (http, next) =>
    {
        if (app.Lifetime.ApplicationStopping.IsCancellationRequested && IsNewWork(http))
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

    /// <summary>
    /// A REST call, a negotiate, or a WebSocket opening. What is left is long polling and SSE of connections already
    /// here: SignalR ends those itself as it stops.
    /// </summary>
    private static bool IsNewWork(HttpContext http)
    {
        var path = http.Request.Path;
        if (path.StartsWithSegments("/api")) return true;
        if (!path.StartsWithSegments(AuthSetup.HubPath, out var rest)) return false;
        return rest.StartsWithSegments("/negotiate") || http.WebSockets.IsWebSocketRequest;
    }

    private async Task StopAsync()
    {
        if (!await batcher.DrainAsync(DrainLimit)) log.LogWarning("Stopping with sends still being written after {Seconds} s", DrainLimit.TotalSeconds);
        // The last acknowledgements and broadcasts may still be in the connections' pipes: a moment to send them first.
        await Task.Delay(100);
        _closing = true;
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
            // Let in just before stopping but accepted after the close frames went out: it gets its own.
            if (owner._closing) _ = HubSockets.CloseAsync(Socket, WebSocketCloseStatus.EndpointUnavailable, "Server restarting");
            return Socket;
        }
    }
}
