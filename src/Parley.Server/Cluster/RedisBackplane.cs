using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace Parley.Server.Cluster;

/// <summary>Group moves are refused while Redis is away (<see cref="RedisBackplane{THub}"/>): the repair after its return makes them.</summary>
public sealed class BackplaneUnavailable(Exception? inner = null) : Exception("Redis can't be reached: group changes wait for its return.", inner);

/// <summary>
/// SignalR's Redis backplane, with three changes Parley needs.
/// <list type="bullet">
/// <item>A group send is written to this node's members of the group at once (<see cref="LocalGroups"/>) and published
/// to the others with those members excluded; left to the backplane alone, even a member on the same node would hear
/// it only when Redis hands it back, one message at a time per group and node (measured in docs/benchmarks.md). So
/// members on one node also keep hearing each other while Redis is away.</item>
/// <item>A send while Redis is away is dropped (it is lost in transit, as the backplane buffers nothing) instead of
/// failing the call that made it: that change is committed already, and clients fill the gap by rev.</item>
/// <item>A group move while Redis is away is made on this node and refused for the backplane, which would keep the
/// connection in the group without a subscription to it; ChatGroups leaves it for the repair after Redis returns
/// (<see cref="ClusterResync"/>). A removal is always made here first, so a removed member stops hearing at once.</item>
/// </list>
/// It also shuts down quietly on the node's shared connection, which may be closed first.
/// </summary>
public sealed class RedisBackplane<THub>(IServiceProvider services, RedisConnection redis, ILogger<RedisBackplane<THub>> log)
    : HubLifetimeManager<THub>, IDisposable where THub : Hub
{
    private readonly RedisHubLifetimeManager<THub> _inner = ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(services);
    private readonly LocalGroups _local = new();

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _local.Connected(connection);
        return _inner.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _local.Disconnected(connection);
        return Tolerate(_inner.OnDisconnectedAsync(connection), "disconnect");
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendAllAsync(methodName, args, cancellationToken), methodName);
    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken), methodName);
    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendConnectionAsync(connectionId, methodName, args, cancellationToken), methodName);
    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken), methodName);
    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendUserAsync(userId, methodName, args, cancellationToken), methodName);
    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        Tolerate(_inner.SendUsersAsync(userIds, methodName, args, cancellationToken), methodName);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        SerializedHubMessage? message = null;
        List<Task>? writes = null;
        var here = WriteHere(groupName, methodName, args, excludedConnectionIds, ref message, ref writes, cancellationToken);
        var publish = Tolerate(here is null && excludedConnectionIds.Count == 0
            ? _inner.SendGroupAsync(groupName, methodName, args, cancellationToken)
            : _inner.SendGroupExceptAsync(groupName, methodName, args, Excluding(here, excludedConnectionIds), cancellationToken), methodName);
        return Together(publish, writes);
    }

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        SerializedHubMessage? message = null;
        List<Task>? writes = null;
        List<string>? elsewhereOnly = null;
        List<Task>? publishes = null;
        foreach (var group in groupNames)
        {
            if (WriteHere(group, methodName, args, [], ref message, ref writes, cancellationToken) is { } here)
                (publishes ??= []).Add(Tolerate(_inner.SendGroupExceptAsync(group, methodName, args, Excluding(here, []), cancellationToken), methodName));
            else (elsewhereOnly ??= []).Add(group);
        }
        // Groups without members here are one publish call, serialized once, as the backplane does.
        if (elsewhereOnly is not null) (publishes ??= []).Add(Tolerate(_inner.SendGroupsAsync(elsewhereOnly, methodName, args, cancellationToken), methodName));
        if (publishes is not null) (writes ??= []).AddRange(publishes);
        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }

    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_local.Connection(connectionId) is { } connection) _local.Add(connection, groupName);
        return redis.IsUp ? Refuse(_inner.AddToGroupAsync(connectionId, groupName, cancellationToken)) : Task.FromException(new BackplaneUnavailable());
    }

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_local.Connection(connectionId) is { } connection) _local.Remove(connection, groupName);
        return redis.IsUp ? Refuse(_inner.RemoveFromGroupAsync(connectionId, groupName, cancellationToken)) : Task.FromException(new BackplaneUnavailable());
    }

    /// <summary>
    /// Writes to the group's members on this node (serialized once per protocol); returns the ids written to, which
    /// the publish excludes (collected as written: a member who joins meanwhile hears it from Redis instead), or null.
    /// </summary>
    private List<string>? WriteHere(string group, string methodName, object?[] args, IReadOnlyList<string> excluded,
        ref SerializedHubMessage? message, ref List<Task>? writes, CancellationToken cancellationToken)
    {
        var members = _local.Members(group);
        if (members is null) return null;
        var written = new List<string>(members.Count + excluded.Count);
        foreach (var connection in members)
        {
            if (excluded.Count > 0 && excluded.Contains(connection.ConnectionId)) continue;
            message ??= new SerializedHubMessage(new InvocationMessage(methodName, args));
            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully) (writes ??= []).Add(write.AsTask());
            written.Add(connection.ConnectionId);
        }
        return written;
    }

    // The other nodes skip this node's members, who have it already, and whoever the caller excluded.
    private static List<string> Excluding(List<string>? written, IReadOnlyList<string> excluded)
    {
        if (written is null) return [.. excluded];
        written.AddRange(excluded);
        return written;
    }

    private static Task Together(Task publish, List<Task>? writes)
    {
        if (writes is null) return publish;
        writes.Add(publish);
        return Task.WhenAll(writes);
    }

    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        _inner.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);
    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) =>
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
