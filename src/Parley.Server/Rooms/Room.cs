namespace Parley.Server.Rooms;

/// <summary>A conversation: a public or private room, a 1:1 direct message or a group DM.</summary>
public sealed class Room
{
    public Guid Id { get; set; }
    public RoomKind Kind { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Lower-cased name of public and private rooms, unique among them; null for DMs.</summary>
    public string? NameKey { get; set; }
    public string Topic { get; set; } = "";
    public Guid? IconFileId { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Sorted member ids of a DM or group DM, so the same people always get the same conversation.</summary>
    public string? DmKey { get; set; }
    /// <summary>Seq of the newest message (1, 2, 3 … with no gaps).</summary>
    public long LastSeq { get; set; }
    /// <summary>Counter taken by every change in the room (message, edit, delete, reaction, membership).</summary>
    public long LastRev { get; set; }
    public DateTime LastActivityAt { get; set; }
    /// <summary>Who may use @here and @room once the room is large (small rooms: everyone).</summary>
    public WildcardPolicy WildcardMentions { get; set; }
    /// <summary>An announcement room: only moderators post (everyone may still read and react).</summary>
    public bool ReadOnly { get; set; }
    /// <summary>Slow mode: one message per this many seconds per member (0: off; moderators exempt).</summary>
    public int SlowModeSeconds { get; set; }
    public InvitePolicy InvitePolicy { get; set; }
    /// <summary>Members may pin messages too (otherwise moderators and up; in DMs everyone may).</summary>
    public bool MembersMayPin { get; set; }
    /// <summary>Set when archived: read-only for everyone and hidden from the directory; history stays readable.</summary>
    public DateTime? ArchivedAt { get; set; }
}

/// <summary>Who may add people to a room.</summary>
public enum InvitePolicy
{
    Members = 0,
    Moderators = 1,
}

public enum WildcardPolicy
{
    Owners = 0,
    Everyone = 1,
}

public enum RoomKind
{
    Public = 0,
    Private = 1,
    Direct = 2,
    Group = 3,
}

public static class RoomKinds
{
    public static string Wire(this RoomKind kind) => kind switch
    {
        RoomKind.Public => "public",
        RoomKind.Private => "private",
        RoomKind.Direct => "dm",
        _ => "group",
    };

    public static bool IsDm(this RoomKind kind) => kind is RoomKind.Direct or RoomKind.Group;
}
