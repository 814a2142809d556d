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
    /// <summary>When this member's last message here was stored (slow mode); written with the read position, one row for both.</summary>
    public DateTime? LastSentAt { get; set; }
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

/// <summary>A member's role in one room. The stored numbers are not the ranking: see <see cref="MemberRoles.Rank"/>.</summary>
public enum MemberRole
{
    Member = 0,
    Owner = 1,
    Moderator = 2,
}

public static class MemberRoles
{
    public static string Wire(this MemberRole role) => role switch
    {
        MemberRole.Owner => "owner",
        MemberRole.Moderator => "moderator",
        _ => "member",
    };

    public static MemberRole? Parse(string? wire) => wire switch
    {
        "member" => MemberRole.Member,
        "moderator" => MemberRole.Moderator,
        "owner" => MemberRole.Owner,
        _ => null,
    };

    /// <summary>Member 0, moderator 1, owner 2.</summary>
    public static int Rank(this MemberRole role) => role switch
    {
        MemberRole.Moderator => 1,
        MemberRole.Owner => 2,
        _ => 0,
    };
}
