using System.Collections.Concurrent;
using Parley.Server.Cluster;
using Parley.Server.Infrastructure;

namespace Parley.Server.Rooms;

/// <summary>
/// The send path's memory of who is in which room, so a message costs no membership query. Entries live a few seconds
/// and are dropped at once when the room or its membership changes (leave, join, invite, rename, role hand-over), on
/// every node, so a person who left can't send from a stale entry. Only positive answers are kept.
/// </summary>
public sealed class MembershipCache
{
    /// <summary>Every node drops what it holds about the room.</summary>
    public sealed record RoomChanged(Guid RoomId);

    /// <summary>Every node drops what it holds about the user in any room (a timeout everywhere, a new server role).</summary>
    public sealed record UserChanged(Guid UserId);

    private readonly ExpiringEntries<(Guid Room, Guid User), RoomAccess.Membership> _entries;
    private readonly ConcurrentDictionary<Guid, long> _roomVersions = new();
    private readonly ClusterBus _bus;

    public MembershipCache(TimeProvider clock, ClusterBus bus)
    {
        _entries = new(clock, TimeSpan.FromSeconds(5));
        _bus = bus;
        bus.On<RoomChanged>(m => { ForgetHere(m.RoomId); return Task.CompletedTask; });
        bus.On<UserChanged>(m => { _entries.RemoveWhere(key => key.User == m.UserId); return Task.CompletedTask; });
        bus.On<ClusterResync>(_ => { ForgetAllHere(); return Task.CompletedTask; });
    }

    public bool TryGet(Guid roomId, Guid userId, out RoomAccess.Membership membership) => _entries.TryGet((roomId, userId), out membership);

    /// <summary>The room's version now: read it before querying, and pass it to <see cref="Set"/>.</summary>
    public long Version(Guid roomId) => _roomVersions.GetValueOrDefault(roomId);

    /// <summary>Keeps an answer read at <paramref name="version"/>, unless the room changed meanwhile.</summary>
    public void Set(RoomAccess.Membership membership, long version)
    {
        var key = (membership.Room.Id, membership.Member.UserId);
        if (Version(key.Id) != version) return;
        _entries.Set(key, membership);
        if (Version(key.Id) != version) _entries.Remove(key);
    }

    /// <summary>
    /// Forgets everything about a room, here at once and then on the other nodes: call after any change to it or its
    /// members is committed. Not waited for: a join or leave moves the user's connections next, a cluster message
    /// that every node runs after this one, so the call that moves them returns once every node has forgotten. If
    /// the message is lost (Redis away), the other nodes' entries still expire within 5 s.
    /// </summary>
    public void Forget(Guid roomId)
    {
        ForgetHere(roomId);
        _ = _bus.PublishAsync(new RoomChanged(roomId));
    }

    /// <summary>
    /// Forgets everything about a user, here at once and then on the other nodes. Unlike a room change this bumps no
    /// version: a query racing it may put back what it read before the change, which expires within 5 s.
    /// </summary>
    public void ForgetUser(Guid userId)
    {
        _entries.RemoveWhere(key => key.User == userId);
        _ = _bus.PublishAsync(new UserChanged(userId));
    }

    private void ForgetHere(Guid roomId)
    {
        _roomVersions.AddOrUpdate(roomId, 1, (_, v) => v + 1);
        _entries.RemoveWhere(key => key.Room == roomId);
    }

    private void ForgetAllHere()
    {
        foreach (var room in _roomVersions.Keys) _roomVersions.AddOrUpdate(room, 1, (_, v) => v + 1);
        _entries.Clear();
    }
}
