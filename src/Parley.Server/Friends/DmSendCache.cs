using System.Collections.Concurrent;

namespace Parley.Server.Friends;

/// <summary>
/// The send path's memory of the 1:1 DMs a sender may write in (the other person found, no block either way), so a DM
/// costs no queries before its write: under load those two queries per send held the database pool. Only positive
/// answers, for a few seconds; a block on this node drops them all at once (blocks are rare). On another node a new
/// block takes effect within that lifetime, as membership changes do (<see cref="Rooms.MembershipCache"/>).
/// </summary>
public sealed class DmSendCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(Guid Room, Guid Sender), long> _until = new();
    private long _version;
    private int _sets;

    /// <summary>Read before checking, and pass to <see cref="Allow"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool MaySend(Guid roomId, Guid senderId) =>
        _until.TryGetValue((roomId, senderId), out var until) && until > clock.GetTimestamp();

    /// <summary>Keeps a "may send" checked at <paramref name="version"/>, unless a block came meanwhile.</summary>
    public void Allow(Guid roomId, Guid senderId, long version)
    {
        if (Version != version) return;
        var now = clock.GetTimestamp();
        _until[(roomId, senderId)] = now + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency);
        if ((Interlocked.Increment(ref _sets) & 1023) == 0)
            foreach (var (key, until) in _until)
                if (until <= now) _until.TryRemove(key, out _);
        if (Version != version) _until.TryRemove((roomId, senderId), out _);
    }

    /// <summary>Call once a block is committed.</summary>
    public void Forget()
    {
        Interlocked.Increment(ref _version);
        _until.Clear();
    }
}
