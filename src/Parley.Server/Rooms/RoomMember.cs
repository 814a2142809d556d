namespace Parley.Server.Rooms;

/// <summary>A user's membership of a room; the row is removed when they leave.</summary>
public sealed class RoomMember
{
    public Guid RoomId { get; set; }
    public Guid UserId { get; set; }
    public MemberRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
    /// <summary>Seq of the last message this member has read; unread = newer messages from others.</summary>
    public long LastReadSeq { get; set; }
    public NotificationLevel NotificationLevel { get; set; }
}

/// <summary>What notifies this member. Default: every message in DMs and group DMs, mentions in rooms.</summary>
public enum NotificationLevel
{
    Default = 0,
    All = 1,
    Mentions = 2,
    None = 3,
}

public enum MemberRole
{
    Member = 0,
    Owner = 1,
}
