namespace Parley.Server.Messages;

/// <summary>One line of a room's history: a user's message or a system line ("alice joined").</summary>
public sealed class Message
{
    public Guid Id { get; set; }
    public Guid RoomId { get; set; }
    /// <summary>Position in the room: 1, 2, 3 … with no gaps between accepted messages.</summary>
    public long Seq { get; set; }
    /// <summary>The room rev of this row's latest change (creation, edit, delete, reaction).</summary>
    public long Rev { get; set; }
    public Guid SenderId { get; set; }
    /// <summary>The sender's id for this send; a repeat with the same id returns the stored message.</summary>
    public string? ClientMessageId { get; set; }
    public MessageKind Kind { get; set; }
    /// <summary>Markdown source, or for system lines the sentence shown ("Alice joined").</summary>
    public string Text { get; set; } = "";
    public Guid? ReplyToId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    /// <summary>Who deleted it when that was not the sender: the tombstone says a moderator removed it.</summary>
    public Guid? DeletedById { get; set; }
    /// <summary>Ids ("N" format, comma-separated) of the people named with @username; null when none.</summary>
    public string? MentionIds { get; set; }
    public Wildcard Wildcard { get; set; }
    /// <summary>Set when a reaction is added, cleared when the last goes: a page asks for reactions only if one has some.</summary>
    public bool HasReactions { get; set; }
    /// <summary>Set when files are attached: a page asks for files only if one has some.</summary>
    public bool HasFiles { get; set; }
    /// <summary>Set when link previews are shown: a page asks for previews only if one has some.</summary>
    public bool HasPreviews { get; set; }
    /// <summary>The sender removed the previews: none are made again unless an edit changes the links.</summary>
    public bool PreviewsRemoved { get; set; }
    /// <summary>Set when the message carries a poll (its text the question): a page asks for polls only if one has one.</summary>
    public bool HasPoll { get; set; }
    /// <summary>When it was pinned in its room (null: not pinned); pins live on the row so a page needs no extra query.</summary>
    public DateTime? PinnedAt { get; set; }
    public Guid? PinnedById { get; set; }
    /// <summary>Set on a thread reply: the root it answers (a room's text message; never itself a reply in a thread).</summary>
    public Guid? ThreadRootId { get; set; }
    /// <summary>A thread reply that also shows in the room's timeline ("Also send to the room").</summary>
    public bool AlsoToRoom { get; set; }
    /// <summary>On a root: its live (not deleted) replies; kept by the write that changes them, with the root's rev.</summary>
    public int ThreadReplyCount { get; set; }
    public DateTime? ThreadLastReplyAt { get; set; }
    /// <summary>On a root: the latest repliers ("N" ids, comma-separated, newest first, at most 5); null when none.</summary>
    public string? ThreadParticipants { get; set; }
}

public enum MessageKind
{
    Text = 0,
    System = 1,
}

/// <summary>One user's reaction with one emoji; the key makes a repeat a no-op.</summary>
public sealed class Reaction
{
    public Guid MessageId { get; set; }
    public Guid UserId { get; set; }
    public string Emoji { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
