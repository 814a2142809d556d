using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Parley.Server.Accounts;
using Parley.Server.Events;
using Parley.Server.Infrastructure;

namespace Parley.Server.Realtime;

/// <summary>
/// Runs around every hub call: refuses sessions that ended (signed out, account closed — checked again at least every
/// Parley:Hub:SessionRecheckSeconds, so it holds on every node), rate-limits, and turns <see cref="ParleyError"/>
/// into a HubException the client can read.
/// </summary>
public sealed class ChatHubFilter(
    SendLimiter limiter, ConnectionRegistry connections, IOptions<RealtimeOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    Data.DatabaseOutage outage, ILogger<ChatHubFilter> log)
    : IHubFilter
{
    private const string CheckedAtKey = "parley:sessionCheckedAt";

    private static readonly HashSet<string> Writes =
        [nameof(ChatHub.SendMessage), nameof(ChatHub.EditMessage), nameof(ChatHub.DeleteMessage), nameof(ChatHub.ToggleReaction), nameof(ChatHub.StartCall)];

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext ctx, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var userId = ctx.Context.User!.UserId();
        try
        {
            if (connections.IsClosed(userId) || !await SessionStillValidAsync(ctx))
            {
                // Say why, then close right after this refusal has been written: the client stops instead of reconnecting.
                await ctx.Hub.Clients.Caller.SendAsync(nameof(IChatClient.SessionEnded), new SessionEndedEvent("This session has ended. Sign in again."));
                var context = ctx.Context;
                _ = Task.Delay(100).ContinueWith(_ => context.Abort(), TaskScheduler.Default);
                throw HubErrors.Of(ErrorCodes.SessionEnded, "This session has ended. Sign in again.");
            }
            limiter.AcquireCall(userId);
            if (lifetime.ApplicationStopping.IsCancellationRequested) throw ParleyError.ShuttingDown();
            if (Writes.Contains(ctx.HubMethodName)) limiter.Acquire(userId);
            return await next(ctx);
        }
        catch (ParleyError e)
        {
            throw HubErrors.From(e);
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            if (outage.Saw(e)) throw HubErrors.From(Data.DatabaseOutage.Refusal());
            log.LogError(e, "Hub method {Method} failed for user {User}", ctx.HubMethodName, userId);
            throw HubErrors.Of(ErrorCodes.ServerError, "Something went wrong on the server; try again.");
        }
    }

    private async ValueTask<bool> SessionStillValidAsync(HubInvocationContext ctx)
    {
        var now = clock.GetUtcNow();
        if (ctx.Context.Items.TryGetValue(CheckedAtKey, out var at) && at is DateTimeOffset last
            && now - last < TimeSpan.FromSeconds(options.Value.SessionRecheckSeconds))
            return true;
        var valid = await ctx.ServiceProvider.GetRequiredService<SessionCheck>().IsValidAsync(ctx.Context.User!, ctx.Context.ConnectionAborted);
        if (valid) ctx.Context.Items[CheckedAtKey] = now;
        return valid;
    }
}
