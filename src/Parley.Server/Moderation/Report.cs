namespace Parley.Server.Moderation;

/// <summary>A member's report of a message, waiting in the moderation queue until a moderator handles it.</summary>
public sealed class Report
{
    public Guid Id { get; set; }
    public Guid MessageId { get; set; }
    public Guid RoomId { get; set; }
    /// <summary>Never shown to the reported person.</summary>
    public Guid ReporterId { get; set; }
    public Guid ReportedUserId { get; set; }
    public string Reason { get; set; } = "";
    /// <summary>The message's text when it was reported: an edit or delete by its author doesn't remove the evidence.</summary>
    public string MessageText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public ReportState State { get; set; }
    public Guid? HandledById { get; set; }
    public DateTime? HandledAt { get; set; }
    /// <summary>What the moderator wrote when handling it.</summary>
    public string Note { get; set; } = "";
}

public enum ReportState
{
    Open = 0,
    Resolved = 1,
    Dismissed = 2,
}
