namespace Parley.Server.Scheduling;

/// <summary>sendAt: ISO 8601 with its offset (e.g. "2026-12-03T09:00:00Z"). threadRootId/alsoToRoom as for a send.</summary>
public sealed record ScheduleMessageRequest(string? Text, DateTime? SendAt, Guid? ReplyToId = null, Guid? ThreadRootId = null, bool AlsoToRoom = false);

/// <summary>Either or both; a failed one edited is scheduled again.</summary>
public sealed record EditScheduledRequest(string? Text, DateTime? SendAt);

/// <summary>state: pending, sending, sent or failed; messageId once sent; failureCode/failureReason once failed.</summary>
public sealed record ScheduledMessageDto(Guid Id, Guid RoomId, string Text, DateTime SendAt, string State, Guid? ReplyToId, Guid? ThreadRootId,
    bool AlsoToRoom, DateTime CreatedAt, DateTime UpdatedAt, Guid? MessageId, string? FailureCode, string? FailureReason)
{
    public static ScheduledMessageDto From(ScheduledMessage s) => new(s.Id, s.RoomId, s.Text, s.SendAt, s.State.Wire(), s.ReplyToId, s.ThreadRootId,
        s.AlsoToRoom, s.CreatedAt, s.UpdatedAt, s.MessageId, s.FailureCode, s.FailureReason);
}

/// <summary>
/// To the author's own connections: one of their scheduled messages was created, edited, sent or failed
/// (<paramref name="Scheduled"/> as it is now), or cancelled (null).
/// </summary>
public sealed record ScheduledChangedEvent(Guid Id, Guid RoomId, ScheduledMessageDto? Scheduled);
