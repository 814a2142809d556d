namespace Parley.Server.Settings;

/// <summary>Daily do-not-disturb: "HH:mm" to "HH:mm" in timeZone (an end before the start runs past midnight).</summary>
public sealed record DndScheduleDto(string Start, string End, string TimeZone);

/// <summary>What GET/PATCH /api/me/settings answer and SettingsChanged carries.</summary>
public sealed record SettingsDto(string DmPolicy, bool ReadReceipts, bool NotificationPreview, bool NotificationSound,
    int AwayAfterMinutes, DndScheduleDto? DndSchedule, bool SignInNotice)
{
    public static SettingsDto From(UserSettings s) => new(
        s.DmPolicy == Settings.DmPolicy.Friends ? "friends" : "everyone",
        s.ReadReceipts, s.NotificationPreview, s.NotificationSound, s.AwayAfterMinutes,
        s.DndStartMinute is { } start && s.DndEndMinute is { } end
            ? new DndScheduleDto(Clock(start), Clock(end), s.DndTimeZone ?? "UTC")
            : null,
        s.SignInNotice);

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
