using System.Collections.Concurrent;

namespace Parley.Server.Rooms;

/// <summary>
/// The send path's memory of who is in which room, so a message costs no membership query. Entries live a few seconds
/// and are dropped at once when the room or its membership changes on this node (leave, join, invite, rename, role
/// hand-over), so a person who left can't send from a stale entry. Only positive answers are kept.
/// </summary>
public sealed class MembershipCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(Guid Room, Guid User), (RoomAccess.Membership Membership, long Until)> _entries = new();
    private readonly ConcurrentDictionary<Guid, long> _roomVersions = new();
    private int _sets;

    public bool TryGet(Guid roomId, Guid userId, out RoomAccess.Membership membership)
    {
        if (_entries.TryGetValue((roomId, userId), out var e) && e.Until > clock.GetTimestamp())
        {
            membership = e.Membership;
            return true;
        }
        membership = null!;
        return false;
    }

    /// <summary>The room's version now: read it before querying, and pass it to <see cref="Set"/>.</summary>
    public long Version(Guid roomId) => _roomVersions.GetValueOrDefault(roomId);

    /// <summary>Keeps an answer read at <paramref name="version"/>, unless the room changed meanwhile.</summary>
    public void Set(RoomAccess.Membership membership, long version)
    {
        var room = membership.Room.Id;
        if (Version(room) != version) return;
        var now = clock.GetTimestamp();
        _entries[(room, membership.Member.UserId)] = (membership, now + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency));
        // People who stop sending leave expired entries behind: sweep them now and then, not on every send.
        if ((Interlocked.Increment(ref _sets) & 1023) == 0)
            foreach (var (key, e) in _entries)
                if (e.Until <= now) _entries.TryRemove(key, out _);
        if (Version(room) != version) _entries.TryRemove((room, membership.Member.UserId), out _);
    }

    /// <summary>Forgets everything about a room: call after any change to it or its members is committed.</summary>
    public void Forget(Guid roomId)
    {
        _roomVersions.AddOrUpdate(roomId, 1, (_, v) => v + 1);
        foreach (var key in _entries.Keys)
            if (key.Room == roomId) _entries.TryRemove(key, out _);
    }
}
