using System.Text.Json;
using Parley.Server.Data;

namespace Parley.Server.Moderation;

/// <summary>
/// Adds an action's entry to the caller's unit of work, so the entry is saved with the change it records, or not at
/// all. Every moderation and administration action calls this exactly once.
/// </summary>
public static class AuditLog
{
    public static void Record(ParleyDb db, DateTime at, Guid? actorId, string action, Guid? targetUserId = null, Guid? roomId = null,
        Guid? messageId = null, string? reason = null, object? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = at,
            ActorId = actorId,
            Action = action,
            TargetUserId = targetUserId,
            RoomId = roomId,
            MessageId = messageId,
            Reason = reason ?? "",
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
        });
}
