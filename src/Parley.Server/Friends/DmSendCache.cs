using Parley.Server.Infrastructure;

namespace Parley.Server.Friends;

/// <summary>
/// The send path's memory of the 1:1 DMs a sender may write in (the other person found, no block either way), so a DM
/// costs no queries before its write: under load those two queries per send held the database pool. Only positive
/// answers, for a few seconds; a block on this node drops them all at once (blocks are rare). On another node a new
/// block takes effect within that lifetime, as membership changes do (<see cref="Rooms.MembershipCache"/>).
/// </summary>
public sealed class DmSendCache(TimeProvider clock)
{
    private readonly ExpiringEntries<(Guid Room, Guid Sender), bool> _allowed = new(clock, TimeSpan.FromSeconds(5));
    private long _version;

    /// <summary>Read before checking, and pass to <see cref="Allow"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool MaySend(Guid roomId, Guid senderId) => _allowed.TryGet((roomId, senderId), out _);

    /// <summary>Keeps a "may send" checked at <paramref name="version"/>, unless a block came meanwhile.</summary>
    public void Allow(Guid roomId, Guid senderId, long version)
    {
        if (Version != version) return;
        _allowed.Set((roomId, senderId), true);
        if (Version != version) _allowed.Remove((roomId, senderId));
    }

    /// <summary>Call once a block is committed.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _version);
        _allowed.Clear();
    }
}
