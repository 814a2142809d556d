namespace Parley.Server.Threads;

/// <summary>
/// One person's link to one thread: whether they follow it and how far they have read it. Made when they start it
/// (someone replies to their message), reply in it or are mentioned in it; an unfollow keeps the row (Following
/// false) so only their own reply or a new mention follows again.
/// </summary>
public sealed class ThreadFollow
{
    public Guid UserId { get; set; }
    public Guid RootId { get; set; }
    public Guid RoomId { get; set; }
    public bool Following { get; set; }
    /// <summary>The seq of the last reply read in this thread (room seqs: replies take the room's seq).</summary>
    public long LastReadSeq { get; set; }
}
