namespace Parley.Server.Messages;

/// <summary>
/// fileIds: one's own uploads not yet posted (POST /api/files), shown in upload order; text may then be empty.
/// threadRootId: a reply in that message's thread (a reply's id means its root); alsoToRoom: show it in the room too.
/// poll: the message is a poll, its text the question (Polls/).
/// </summary>
public sealed record SendMessageRequest(string? ClientMessageId, string? Text, Guid? ReplyToId, IReadOnlyList<Guid>? FileIds = null,
    Guid? ThreadRootId = null, bool AlsoToRoom = false, Polls.CreatePollRequest? Poll = null);
public sealed record EditMessageRequest(string? Text);
public sealed record ToggleReactionRequest(string? Emoji);
public sealed record MarkReadRequest(long Seq);

/// <summary>A page of history in seq order (oldest first).</summary>
public sealed record MessagePage(IReadOnlyList<MessageDto> Messages, bool HasMore);

/// <summary>What changed in a room after a rev, in rev order. resyncRequired: too much to replay; reload the latest page.</summary>
public sealed record ChangesPage(Guid RoomId, IReadOnlyList<MessageDto> Messages, long LastRev, bool HasMore, bool ResyncRequired);
