namespace Parley.Server.Settings;

/// <summary>
/// A person's notification and privacy choices. The row exists once they changed something; until then
/// <see cref="Defaults"/> apply.
/// </summary>
public sealed class UserSettings
{
    public Guid UserId { get; set; }
    public DmPolicy DmPolicy { get; set; }
    public bool ReadReceipts { get; set; } = true;
    /// <summary>False: notifications say "New message" without the text.</summary>
    public bool NotificationPreview { get; set; } = true;
    public bool NotificationSound { get; set; } = true;
    public int AwayAfterMinutes { get; set; } = 5;
    /// <summary>Do-not-disturb every day from start to end, minutes after midnight in the person's time zone; null: no schedule.</summary>
    public int? DndStartMinute { get; set; }
    public int? DndEndMinute { get; set; }
    /// <summary>IANA zone the schedule is in (the browser's when it was set).</summary>
    public string? DndTimeZone { get; set; }
    /// <summary>Mail "New sign-in to your Parley account" to a verified address.</summary>
    public bool SignInNotice { get; set; } = true;

    public static UserSettings Defaults(Guid userId) => new() { UserId = userId };
}

public enum DmPolicy
{
    Everyone = 0,
    Friends = 1,
}
