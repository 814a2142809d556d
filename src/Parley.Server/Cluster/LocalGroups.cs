using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Server.Cluster;

/// <summary>
/// This node's connections and the groups they are in, so <see cref="RedisBackplane{THub}"/> can write a group send to
/// its own members at once instead of waiting for Redis to hand the send back. Reads take no lock; group changes, which
/// are rare beside sends, take one, so an emptied group is dropped without racing an add.
/// </summary>
public sealed class LocalGroups
{
    private readonly HubConnectionStore _connections = new();
    private readonly ConcurrentDictionary<string, HubConnectionStore> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _groupsOf = new(StringComparer.Ordinal);
    private readonly Lock _changing = new();

    public HubConnectionContext? Connection(string connectionId) => _connections[connectionId];

    /// <summary>The group's members on this node, or null when it has none.</summary>
    public HubConnectionStore? Members(string group) => _groups.TryGetValue(group, out var members) && members.Count > 0 ? members : null;

    public void Connected(HubConnectionContext connection) => _connections.Add(connection);

    public void Disconnected(HubConnectionContext connection)
    {
        lock (_changing)
        {
            if (_groupsOf.TryRemove(connection.ConnectionId, out var groups))
                foreach (var group in groups) RemoveFromStore(connection, group);
        }
        _connections.Remove(connection);
    }

    public void Add(HubConnectionContext connection, string group)
    {
        lock (_changing)
        {
            // A connection that has gone is not put back in a group by a move that raced its end.
            if (_connections[connection.ConnectionId] is null) return;
            _groups.GetOrAdd(group, _ => new HubConnectionStore()).Add(connection);
            _groupsOf.GetOrAdd(connection.ConnectionId, _ => new HashSet<string>(StringComparer.Ordinal)).Add(group);
        }
    }

    public void Remove(HubConnectionContext connection, string group)
    {
        lock (_changing)
        {
            if (_groupsOf.TryGetValue(connection.ConnectionId, out var groups)) groups.Remove(group);
            RemoveFromStore(connection, group);
        }
    }

    private void RemoveFromStore(HubConnectionContext connection, string group)
    {
        if (!_groups.TryGetValue(group, out var members)) return;
        members.Remove(connection);
        if (members.Count == 0) _groups.TryRemove(group, out _);
    }
}
