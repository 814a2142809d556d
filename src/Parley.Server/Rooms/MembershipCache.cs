using System.Collections.Concurrent;
using Parley.Server.Infrastructure;

namespace Parley.Server.Rooms;

/// <summary>
/// The send path's memory of who is in which room, so a message costs no membership query. Entries live a few seconds
/// and are dropped at once when the room or its membership changes on this node (leave, join, invite, rename, role
/// hand-over), so a person who left can't send from a stale entry. Only positive answers are kept.
/// </summary>
public sealed class MembershipCache(TimeProvider clock)
{
    private readonly ExpiringEntries<(Guid Room, Guid User), RoomAccess.Membership> _entries = new(clock, TimeSpan.FromSeconds(5));
    private readonly ConcurrentDictionary<Guid, long> _roomVersions = new();

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

    /// <summary>Forgets everything about a room: call after any change to it or its members is committed.</summary>
    public void Forget(Guid roomId)
    {
        _roomVersions.AddOrUpdate(roomId, 1, (_, v) => v + 1);
        _entries.RemoveWhere(key => key.Room == roomId);
    }
}
