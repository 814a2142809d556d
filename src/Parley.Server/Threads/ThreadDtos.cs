using Parley.Server.Messages;

namespace Parley.Server.Threads;

/// <summary>Where you stand in one thread: following it, how far you read, replies from others after that.</summary>
public sealed record ThreadStateDto(Guid RootId, Guid RoomId, bool Following, long LastReadSeq, int UnreadCount);

/// <summary>GET /api/threads/{rootId}: the root (with its summary) and your state in the thread.</summary>
public sealed record ThreadDto(MessageDto Root, ThreadStateDto State);

/// <summary>One followed thread in the Threads view: its root, the room's name, your unread and mention counts there.</summary>
public sealed record FollowedThreadDto(MessageDto Root, string RoomName, string RoomKind, long LastReadSeq, int UnreadCount, int MentionCount);

public sealed record FollowedThreadsPage(IReadOnlyList<FollowedThreadDto> Items, string? NextBefore);

public sealed record MarkThreadReadRequest(long Seq);
