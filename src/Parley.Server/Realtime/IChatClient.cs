using Parley.Server.Accounts;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Realtime;

/// <summary>The events a connection receives. Every room event carries roomId and the room's rev.</summary>
public interface IChatClient
{
    Task MessageCreated(MessageDto message);
    Task MessageEdited(MessageDto message);
    /// <summary>The tombstone: text empty, deletedAt set, reactions gone; seq keeps its place.</summary>
    Task MessageDeleted(MessageDto message);
    Task ReactionsChanged(ReactionsChangedEvent change);
    Task MemberJoined(MemberEvent change);
    Task MemberLeft(MemberEvent change);
    /// <summary>A member's role changed (an owner left and the longest-standing member took over).</summary>
    Task MemberUpdated(MemberEvent change);
    Task RoomUpdated(RoomDto room);
    /// <summary>To the user's own connections: a conversation appeared in their list (joined, invited, new DM).</summary>
    Task RoomAdded(RoomSummary room);
    /// <summary>To the user's own connections: they left a conversation.</summary>
    Task RoomRemoved(RoomRemovedEvent room);
    Task UserTyping(TypingEvent typing);
    Task TypingStopped(TypingEvent typing);
    /// <summary>To the user's own connections: their read position moved (another tab or device read).</summary>
    Task ReadMarked(ReadEvent read);
    /// <summary>To the rooms the user is in and to their own connections: their display name or status changed.</summary>
    Task UserUpdated(UserDto user);
    /// <summary>To the rooms the user is in and to their own connections: online, away, dnd or offline.</summary>
    Task PresenceChanged(Presence.PresenceDto presence);
    /// <summary>To both people's own connections: a friend request was made, accepted, declined or cancelled, or a friend removed.</summary>
    Task FriendshipChanged(Friends.FriendshipChanged change);
    /// <summary>To one connection, just before the server closes it: its session ended (signed out, account closed). Don't reconnect.</summary>
    Task SessionEnded(SessionEndedEvent ended);
}

public sealed record ReactionsChangedEvent(Guid RoomId, Guid MessageId, long Rev, IReadOnlyList<ReactionDto> Reactions);
public sealed record MemberEvent(Guid RoomId, long Rev, MemberDto Member);
public sealed record RoomRemovedEvent(Guid RoomId);
public sealed record TypingEvent(Guid RoomId, Guid UserId, string UserName);
public sealed record ReadEvent(Guid RoomId, long LastReadSeq, int UnreadCount);
public sealed record SessionEndedEvent(string Reason);
