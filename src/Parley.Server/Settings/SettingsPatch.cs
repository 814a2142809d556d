using System.Globalization;
using System.Text.Json;
using Parley.Server.Accounts;
using Parley.Server.Infrastructure;

namespace Parley.Server.Settings;

/// <summary>
/// Applies PATCH /api/me/settings to a row. It reads the JSON itself so that "dndSchedule": null (clear it) differs
/// from leaving it out; a bad field throws before anything is saved.
/// </summary>
public static class SettingsPatch
{
    public const int MaxAwayAfterMinutes = 240;

    /// <summary><paramref name="body"/> is a JSON object (the caller checked).</summary>
    public static void Apply(UserSettings row, JsonElement body)
    {
        foreach (var p in body.EnumerateObject())
        {
            switch (p.Name)
            {
                case "dmPolicy":
                    row.DmPolicy = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() switch
                    {
                        "everyone" => DmPolicy.Everyone,
                        "friends" => DmPolicy.Friends,
                        _ => throw ParleyError.Invalid("dmPolicy", "dmPolicy must be \"everyone\" or \"friends\"."),
                    } : throw ParleyError.Invalid("dmPolicy", "dmPolicy must be \"everyone\" or \"friends\".");
                    break;
                case "readReceipts": row.ReadReceipts = Bool(p); break;
                case "notificationPreview": row.NotificationPreview = Bool(p); break;
                case "notificationSound": row.NotificationSound = Bool(p); break;
                case "signInNotice": row.SignInNotice = Bool(p); break;
                case "awayAfterMinutes":
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var minutes) || minutes is < 1 or > MaxAwayAfterMinutes)
                        throw ParleyError.Invalid("awayAfterMinutes", $"awayAfterMinutes must be a whole number from 1 to {MaxAwayAfterMinutes}.");
                    row.AwayAfterMinutes = minutes;
                    break;
                case "dndSchedule": Schedule(row, p.Value); break;
            }
        }
    }

    private static bool Bool(JsonProperty p) => p.Value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw ParleyError.Invalid(p.Name, $"{p.Name} must be true or false."),
    };

    private static void Schedule(UserSettings row, JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Null)
        {
            row.DndStartMinute = row.DndEndMinute = null;
            row.DndTimeZone = null;
            return;
        }
        if (v.ValueKind != JsonValueKind.Object) throw ParleyError.Invalid("dndSchedule", "dndSchedule must be { start, end, timeZone } or null.");
        var start = Minute(v, "start");
        var end = Minute(v, "end");
        if (start == end) throw ParleyError.Invalid("dndSchedule.end", "The schedule must end at another time than it starts.");
        var zone = v.TryGetProperty("timeZone", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString()!.Trim() : "UTC";
        if (zone.Length == 0) zone = "UTC";
        if (zone != "UTC" && AccountRules.TimeZoneProblem(zone) is { } problem) throw ParleyError.Invalid("dndSchedule.timeZone", problem);
        (row.DndStartMinute, row.DndEndMinute, row.DndTimeZone) = (start, end, zone);
    }

    private static int Minute(JsonElement v, string name)
    {
        var field = "dndSchedule." + name;
        if (!v.TryGetProperty(name, out var t) || t.ValueKind != JsonValueKind.String
            || !TimeOnly.TryParseExact(t.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            throw ParleyError.Invalid(field, $"{field} must be a time such as \"22:00\".");
        return time.Hour * 60 + time.Minute;
    }
}
