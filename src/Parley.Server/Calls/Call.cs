namespace Parley.Server.Calls;

/// <summary>
/// A voice or video call in a conversation. At most one per room is live (no <see cref="EndedAt"/>): starting a call
/// where one is live joins it. Who is in it lives in <see cref="CallParticipant"/> rows, in the database, so the state
/// survives a reconnect to another node.
/// </summary>
public sealed class Call
{
    public Guid Id { get; set; }
    public Guid RoomId { get; set; }
    public Guid StartedById { get; set; }
    public bool Video { get; set; }
    public CallMode Mode { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public CallEndReason? EndReason { get; set; }
    /// <summary>
    /// Taken by every change to the call or its participants, first thing in the change's transaction: it holds the
    /// row, so changes to one call happen one after the other on every node, and an end decided at one rev is written
    /// only if nothing changed since (clients may order CallUpdated events by it too).
    /// </summary>
    public long Rev { get; set; }
}

/// <summary>How media flows: peer to peer between every pair (mesh), or each person to and from the media server (Janus, an SFU).</summary>
public enum CallMode
{
    Mesh = 0,
    Sfu = 1,
}

public enum CallEndReason
{
    /// <summary>Hung up, or ended by its starter or a moderator.</summary>
    Ended = 0,
    /// <summary>Nobody answered (ring timeout, the caller hung up while ringing, everyone busy).</summary>
    Missed = 1,
    /// <summary>Everyone rung declined.</summary>
    Declined = 2,
}

public static class CallWire
{
    public static string Wire(this CallMode mode) => mode switch { CallMode.Sfu => "sfu", _ => "mesh" };

    public static string Wire(this CallEndReason reason) => reason switch
    {
        CallEndReason.Missed => "missed",
        CallEndReason.Declined => "declined",
        _ => "ended",
    };

    public static string Wire(this ParticipantState state) => state switch
    {
        ParticipantState.Ringing => "ringing",
        ParticipantState.Joined => "joined",
        ParticipantState.Reconnecting => "reconnecting",
        ParticipantState.Declined => "declined",
        ParticipantState.Missed => "missed",
        ParticipantState.Busy => "busy",
        _ => "left",
    };
}
