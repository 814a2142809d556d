namespace Parley.Server.Moderation;

/// <summary>
/// One moderation or administration action, append-only: nothing in the code updates or deletes these rows, and
/// they keep no foreign keys, so they outlive the people, rooms and messages they name.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    /// <summary>Null for the server itself (an expiry, a start-up step).</summary>
    public Guid? ActorId { get; set; }
    /// <summary>What was done, snake_case: <c>room.kick</c>, <c>user.role</c> … (listed in docs/api.md).</summary>
    public string Action { get; set; } = "";
    public Guid? TargetUserId { get; set; }
    public Guid? RoomId { get; set; }
    public Guid? MessageId { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>A small JSON object with what else the action changed (a role from and to, an expiry …), or null.</summary>
    public string? Details { get; set; }
}
