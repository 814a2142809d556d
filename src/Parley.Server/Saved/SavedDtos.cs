using Parley.Server.Messages;

namespace Parley.Server.Saved;

public sealed record SavedItem(MessageDto Message, string RoomName, string RoomKind, DateTime SavedAt);
public sealed record SavedPage(IReadOnlyList<SavedItem> Items, string? NextBefore);
/// <summary>To the user's own connections: a message was saved (savedAt set) or unsaved (null).</summary>
public sealed record SavedChangedEvent(Guid MessageId, Guid RoomId, DateTime? SavedAt);
