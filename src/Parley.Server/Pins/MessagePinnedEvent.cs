namespace Parley.Server.Pins;

/// <summary>A message was pinned (pinnedBy and pinnedAt set) or unpinned (both null); rev is the message's new rev.</summary>
public sealed record MessagePinnedEvent(Guid RoomId, Guid MessageId, long Rev, Guid? PinnedBy, DateTime? PinnedAt);
