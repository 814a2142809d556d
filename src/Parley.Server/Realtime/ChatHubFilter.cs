using Microsoft.AspNetCore.SignalR;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

/// <summary>
/// Runs around every hub call: refuses closed accounts, rate-limits the calls that write,
/// and turns <see cref="ParleyError"/> into a HubException the client can read.
/// </summary>
public sealed class ChatHubFilter(SendLimiter limiter, ConnectionRegistry connections, ILogger<ChatHubFilter> log) : IHubFilter
{
    private static readonly HashSet<string> Writes =
        [nameof(ChatHub.SendMessage), nameof(ChatHub.EditMessage), nameof(ChatHub.DeleteMessage), nameof(ChatHub.ToggleReaction)];

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext ctx, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var userId = ctx.Context.User!.UserId();
        try
        {
            if (connections.IsClosed(userId))
            {
                ctx.Context.Abort();
                throw new HubException("This session has ended.");
            }
            limiter.AcquireCall(userId);
            if (Writes.Contains(ctx.HubMethodName)) limiter.Acquire(userId);
            return await next(ctx);
        }
        catch (ParleyError e)
        {
            throw new HubException(e.Message);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            log.LogError(e, "Hub method {Method} failed for user {User}", ctx.HubMethodName, userId);
            throw new HubException("Something went wrong on the server; try again.");
        }
    }
}
