using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

/// <summary>Group moves are refused while Redis is away (<see cref="RedisBackplane{THub}"/>): the repair after its return makes them.</summary>
public sealed class BackplaneUnavailable(Exception? inner = null) : Exception("Redis can't be reached: group changes wait for its return.", inner);

/// <summary>
/// SignalR's Redis backplane, with two changes Parley needs. A send while Redis is away is dropped (it is lost in
/// transit, as the backplane buffers nothing) instead of failing the call that made it: that change is committed
/// already, and clients fill the gap by rev. A group move while Redis is away is refused before it reaches the
/// backplane, which would keep the connection in the group without a subscription to it; ChatGroups leaves it for the
/// repair after Redis returns (<see cref="ClusterResync"/>). It also shuts down quietly on the node's shared
/// connection, which may be closed first.
/// </summary>
public sealed class RedisBackplane<THub>(IServiceProvider services, RedisConnection redis, ILogger<RedisBackplane<THub>> log)
    : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    private readonly RedisHubLifetimeManager<THub> _inner = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);

    public override Task OnConnectedAsync(HubConnectionContext connection) => _inner.OnConnectedAsync(connection);
    public override Task OnDisconnectedAsync(HubConnectionContext connection) => Tolerate(_inner.OnDisconnectedAsync(connection), "disconnect");

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendAllAsync(methodName, args, cancellationToken), methodName);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken), methodName);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken), methodName);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken), methodName);
    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendGroupAsync(groupName, methodName, args, cancellationToken), methodName);
    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendGroupsAsync(groupNames, methodName, args, cancellationToken), methodName);
    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken), methodName);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendUserAsync(userId, methodName, args, cancellationToken), methodName);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendUsersAsync(userIds, methodName, args, cancellationToken), methodName);

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        redis.IsUp ? Refuse(_inner.AddToGroupAsync(connectionId, groupName, cancellationToken)) : Task.FromException(new BackplaneUnavailable());
    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        redis.IsUp ? Refuse(_inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken)) : Task.FromException(new BackplaneUnavailable());

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, Microsoft.AspNetCore.SignalR.Protocol.CompletionMessage result) =>
        _inner.SetConnectionResultAsync(connectionId, result);
    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        _inner.TryGetReturnType(invocationId, out type);

    // Every broadcast passes here: one that completed at once (the usual case) costs no state machine.
    private Task Tolerate(Task send, string what) => send.IsCompletedSuccessfully ? send : TolerateSlowAsync(send, what);

    private async Task TolerateSlowAsync(Task send, string what)
    {
        try { await send; }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            log.LogDebug("Not sent ({What}): Redis can't be reached ({Reason})", what, e.Message);
        }
    }

    private static async Task Refuse(Task move)
    {
        try { await move; }
        catch (RedisException e) { throw new BackplaneUnavailable(e); }
    }

    public void Dispose()
    {
        try { _inner.Dispose(); }
        catch (ObjectDisposedException) { } // the node's connection closed first
    }
}
