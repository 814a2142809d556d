namespace Parley.Server.Calls;

/// <summary>One person's part in a call: rung, in it (on one hub connection), or out of it, and their media flags.</summary>
public sealed class CallParticipant
{
    public Guid CallId { get; set; }
    public Guid UserId { get; set; }
    public ParticipantState State { get; set; }
    /// <summary>New on each join: the id peers address their offers, answers and candidates to.</summary>
    public Guid? ParticipantId { get; set; }
    /// <summary>The hub connection that is in the call (only while joined).</summary>
    public string? ConnectionId { get; set; }
    /// <summary>When they first joined (null: never).</summary>
    public DateTime? JoinedAt { get; set; }
    public DateTime? LeftAt { get; set; }
    /// <summary>When ringing stops (ringing), or when the reconnect grace runs out (reconnecting); the sweeper's index.</summary>
    public DateTime? ExpiresAt { get; set; }
    public bool Muted { get; set; }
    public bool CameraOn { get; set; }
    public bool Sharing { get; set; }
    /// <summary>A moderator muted them; cleared when they unmute themselves.</summary>
    public bool ServerMuted { get; set; }
}

public enum ParticipantState
{
    Ringing = 0,
    Joined = 1,
    /// <summary>Their connection dropped; still in the call until the reconnect grace runs out.</summary>
    Reconnecting = 2,
    Declined = 3,
    Missed = 4,
    /// <summary>Rung while in another call.</summary>
    Busy = 5,
    Left = 6,
}

public static class ParticipantStates
{
    /// <summary>In the call: counts toward the mesh cap and keeps the call going.</summary>
    public static bool IsIn(this ParticipantState s) => s is ParticipantState.Joined or ParticipantState.Reconnecting;
}
