using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

/// <summary>
/// At most Parley:Hub:MaxConnectionsPerUser hub connections per account, so one account can't take the server's
/// connections from everyone else: the extra ones get 429 too_many_connections at negotiate (or on a direct WebSocket
/// connect), before they cost anything. A node cut off from the other nodes (its Redis away) answers new connections
/// 503 unavailable with Retry-After, rather than accepting them and closing them at once: it can't subscribe them.
/// </summary>
public static class ConnectionCap
{
    public static void UseHubConnectionCap(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments(AuthSetup.HubPath) && IsNewConnection(http.Request)
            && http.User.Identity?.IsAuthenticated == true)
        {
            if (http.RequestServices.GetService<IBackplaneStatus>() is { Connected: false })
                throw new ParleyError(503, "This server can't reach the other servers right now. Try again shortly.", retryAfter: TimeSpan.FromSeconds(5),
                    code: ErrorCodes.Unavailable);
            var max = http.RequestServices.GetRequiredService<IOptions<RealtimeOptions>>().Value.MaxConnectionsPerUser;
            if (http.RequestServices.GetRequiredService<ConnectionRegistry>().CountOf(http.User.UserId()) >= max)
                throw new ParleyError(429, Reason(max), retryAfter: TimeSpan.FromSeconds(30), code: ErrorCodes.TooManyConnections);
        }
        await next(http);
    });

    /// <summary>Negotiate, or a connect that skipped it (a WebSocket or SSE request without a connection id).</summary>
    private static bool IsNewConnection(HttpRequest request) =>
        request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal) || !request.Query.ContainsKey("id");

    public static HubException Refusal(int max) => HubErrors.Of(ErrorCodes.TooManyConnections, Reason(max));

    private static string Reason(int max) => $"You have {max} connections open already (tabs, devices, bots). Close one and try again.";
}
