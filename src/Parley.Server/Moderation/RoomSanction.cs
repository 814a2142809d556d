namespace Parley.Server.Moderation;

/// <summary>
/// A ban from a room, or a timeout in it, kept apart from the membership so leaving and rejoining doesn't lift it.
/// One of each kind per person and room; it ends at <see cref="ExpiresAt"/> by itself (null: a ban until lifted).
/// </summary>
public sealed class RoomSanction
{
    public Guid RoomId { get; set; }
    public Guid UserId { get; set; }
    public SanctionKind Kind { get; set; }
    public Guid ById { get; set; }
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
}

public enum SanctionKind
{
    /// <summary>Can't join, read or send in the room.</summary>
    Ban = 0,
    /// <summary>Can read but not send, react or start calls.</summary>
    Timeout = 1,
}
