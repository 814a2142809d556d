namespace Parley.Server.Scheduling;

/// <summary>
/// A message a user wrote now to be sent later (text only: unposted uploads expire long before a send a year away).
/// The dispatcher sends it through the ordinary send path as its author, once, and records the message it became.
/// </summary>
public sealed class ScheduledMessage
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid RoomId { get; set; }
    public string Text { get; set; } = "";
    public Guid? ReplyToId { get; set; }
    public Guid? ThreadRootId { get; set; }
    public bool AlsoToRoom { get; set; }
    /// <summary>When it is due (UTC); sent as soon after as a dispatcher can.</summary>
    public DateTime SendAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public ScheduledState State { get; set; }
    /// <summary>While <see cref="ScheduledState.Sending"/>: until when the dispatcher that claimed it holds it. A claim
    /// that ran out (its node died mid-send) may be taken again; the send's client id keeps the message single.</summary>
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>How many times a dispatcher claimed it: a send that keeps failing in an unexpected way stops at last.</summary>
    public int Attempts { get; set; }
    /// <summary>The message it became, once sent.</summary>
    public Guid? MessageId { get; set; }
    /// <summary>Why it could not be sent: the send path's error code (not_member, banned, read_only …) and sentence.</summary>
    public string? FailureCode { get; set; }
    public string? FailureReason { get; set; }
}

public enum ScheduledState
{
    Pending = 0,
    /// <summary>Claimed by a dispatcher, being sent.</summary>
    Sending = 1,
    Sent = 2,
    Failed = 3,
}

public static class ScheduledStates
{
    public static string Wire(this ScheduledState state) => state switch
    {
        ScheduledState.Sending => "sending",
        ScheduledState.Sent => "sent",
        ScheduledState.Failed => "failed",
        _ => "pending",
    };
}
