namespace Parley.Server.Settings;

/// <summary>Whether a daily do-not-disturb schedule covers a moment.</summary>
public static class DndWindow
{
    public static bool Covers(UserSettings s, DateTime utcNow)
    {
        if (s.DndStartMinute is not { } start || s.DndEndMinute is not { } end || start == end) return false;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(s.DndTimeZone ?? "UTC", out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var minute = local.Hour * 60 + local.Minute;
        // 22:00–07:00 runs past midnight.
        return start < end ? minute >= start && minute < end : minute >= start || minute < end;
    }
}
