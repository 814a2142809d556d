using Parley.Server.Accounts;
using Parley.Server.Messages;
using Parley.Server.Rooms;

namespace Parley.Server.Events;

/// <summary>The events a connection receives. Every room event carries roomId and the room's rev.</summary>
public interface IChatClient
{
    Task MessageCreated(MessageDto message);
    /// <summary>
    /// New messages of one room from one committed batch, in seq order: exactly their <see cref="MessageCreated"/>
    /// events, one after another, in one frame (each recipient costs one write instead of one per message).
    /// </summary>
    Task MessagesCreated(MessageDto[] messages);
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
    /// <summary>To the user's own connections: they left a conversation, or were removed or banned (reason says why).</summary>
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
    /// <summary>To the blocker's own connections: someone was blocked or unblocked (the other person is not told).</summary>
    Task BlocksChanged(Friends.BlocksChanged change);
    /// <summary>To the user's own connections: their notification and privacy settings changed.</summary>
    Task SettingsChanged(Settings.SettingsDto settings);
    /// <summary>To the user's own connections: a conversation's notification level changed.</summary>
    Task NotificationLevelChanged(NotificationLevelEvent change);
    /// <summary>To the other members of a DM or group DM (those who share receipts): a member read up to a seq.</summary>
    Task ReceiptChanged(ReceiptEvent receipt);
    /// <summary>To one connection, just before the server closes it: its session ended (signed out, account closed). Don't reconnect.</summary>
    Task SessionEnded(SessionEndedEvent ended);
    /// <summary>To server moderators and up: a message was reported (the report without its reporter: open the queue to see who).</summary>
    Task ReportFiled(Moderation.ReportDto report);
    /// <summary>To the person's own connections: an admin changed their server role (what they may do changed now).</summary>
    Task ServerRoleChanged(ServerRoleChangedEvent change);
    /// <summary>To every connection of a person being called: ring (accept with JoinCall, or DeclineCall).</summary>
    Task CallRinging(Calls.CallDto call);
    /// <summary>To the rung person's connections: ringing ended (accepted, declined, missed or ended), so every tab stops.</summary>
    Task CallRingingStopped(Calls.CallRingingStoppedEvent stopped);
    /// <summary>To the room: a call started or changed (who is in it, their media); the live banner.</summary>
    Task CallUpdated(Calls.CallDto call);
    /// <summary>To the room: the call is over.</summary>
    Task CallEnded(Calls.CallEndedEvent ended);
    /// <summary>To one connection: an offer, answer or ICE candidate from a peer of the call.</summary>
    Task CallSignal(Calls.CallSignalEvent signal);
    /// <summary>To one connection: a moderator muted you (stay muted until you unmute yourself).</summary>
    Task CallMuteRequested(Calls.CallMuteRequestedEvent mute);
    /// <summary>To one connection: this connection is no longer in the call (replaced by another tab, removed, or ended).</summary>
    Task CallLeftHere(Calls.CallLeftHereEvent left);
    /// <summary>To one connection, in an SFU call: the media server's offer for its subscriber PeerConnection (answer with SfuAnswer).</summary>
    Task SfuOffer(Calls.SfuOfferEvent offer);
    /// <summary>To the room: the link previews a message shows now (made in the background after a send or an edit, or removed by its sender: empty).</summary>
    Task MessagePreviews(Previews.MessagePreviewsEvent change);
    /// <summary>To the room: a message was pinned or unpinned (its rev bumped, so catch-up carries the pin too).</summary>
    Task MessagePinned(Pins.MessagePinnedEvent pin);
    /// <summary>To the user's own connections: they saved or unsaved a message.</summary>
    Task SavedChanged(Saved.SavedChangedEvent saved);
    /// <summary>To the room: a thread's root summary changed (a reply came or went); the root took this rev.</summary>
    Task ThreadChanged(Threads.ThreadChangedEvent change);
    /// <summary>To your own connections: you followed, unfollowed or read a thread.</summary>
    Task ThreadStateChanged(Threads.ThreadStateDto state);
    /// <summary>To the room: a poll's results or state changed (a vote, a close); its message took this rev. Carries nobody's own choice.</summary>
    Task PollChanged(Polls.PollChangedEvent change);
    /// <summary>To the voter's own connections: their choice in a poll (so every tab shows it; PollChanged can't say whose).</summary>
    Task PollVoted(Polls.PollVotedEvent vote);
    /// <summary>To every connection: a custom emoji was added or removed.</summary>
    Task CustomEmojiChanged(CustomEmoji.CustomEmojiChangedEvent change);
    /// <summary>To your own connections: one of your scheduled messages was created, edited, sent, failed or cancelled.</summary>
    Task ScheduledChanged(Scheduling.ScheduledChangedEvent change);
    /// <summary>To your own connections: your sidebar's layout changed (sections, their order, where a conversation sits); the whole of it.</summary>
    Task SidebarChanged(Sidebar.SidebarDto sidebar);
}

public sealed record ReactionsChangedEvent(Guid RoomId, Guid MessageId, long Rev, IReadOnlyList<ReactionDto> Reactions);
public sealed record MemberEvent(Guid RoomId, long Rev, MemberDto Member);
/// <summary>reason: null when they left themselves; what the moderator wrote when removed or banned (may be empty).</summary>
/// <summary>Out of a room: left (no reason), removed by a moderator (a reason, maybe ""), banned, or the room deleted by an admin.</summary>
public sealed record RoomRemovedEvent(Guid RoomId, string? Reason = null, bool Banned = false, bool Deleted = false);
public sealed record TypingEvent(Guid RoomId, Guid UserId, string UserName);
public sealed record ReadEvent(Guid RoomId, long LastReadSeq, int UnreadCount, int MentionCount);
public sealed record NotificationLevelEvent(Guid RoomId, string Level);
public sealed record ReceiptEvent(Guid RoomId, Guid UserId, long LastReadSeq);
public sealed record SessionEndedEvent(string Reason);
public sealed record ServerRoleChangedEvent(string Role);
