using Parley.Server.Cluster;
using Parley.Server.Infrastructure;

namespace Parley.Server.Friends;

/// <summary>
/// The send path's memory of the 1:1 DMs a sender may write in (the other person found, no block either way), so a DM
/// costs no queries before its write: under load those two queries per send held the database pool. Only positive
/// answers, for a few seconds; a block drops them all at once on every node (blocks are rare).
/// </summary>
public sealed class DmSendCache
{
    /// <summary>Every node drops what it holds.</summary>
    public sealed record BlockAdded;

    private readonly ExpiringEntries<(Guid Room, Guid Sender), bool> _allowed;
    private readonly ClusterBus _bus;
    private long _version;

    public DmSendCache(TimeProvider clock, ClusterBus bus)
    {
        _allowed = new(clock, TimeSpan.FromSeconds(5));
        _bus = bus;
        bus.On<BlockAdded>(_ => { ForgetHere(); return Task.CompletedTask; });
        bus.On<ClusterResync>(_ => { ForgetHere(); return Task.CompletedTask; });
    }

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

    /// <summary>
    /// Call once a block is committed: returns when every node has forgotten, so the blocked person's next send is
    /// checked anew wherever it arrives. If the message is lost (Redis away), other nodes' entries expire within 5 s.
    /// </summary>
    public Task ForgetAsync() => _bus.PublishAsync(new BlockAdded());

    private void ForgetHere()
    {
        Interlocked.Increment(ref _version);
        _allowed.Clear();
    }
}
