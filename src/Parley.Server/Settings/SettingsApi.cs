using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Realtime;

namespace Parley.Server.Settings;

/// <summary>GET/PATCH /api/me/settings. A change reaches the person's other tabs as SettingsChanged.</summary>
public static class SettingsApi
{
    public const int MaxAwayAfterMinutes = 240;

    public static void MapSettings(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/me/settings").WithTags("Settings").RequireAuthorization();
        api.MapGet("/", Get).WithName("GetSettings");
        api.MapPatch("/", Update).WithName("UpdateSettings")
            .WithSummary("Change any of dmPolicy, readReceipts, notificationPreview, notificationSound, awayAfterMinutes, dndSchedule (null clears it).");
    }

    private static async Task<Ok<SettingsDto>> Get(HttpContext http, SettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(SettingsDto.From(await store.ForAsync(http.User.UserId(), ct)));

    // The body is read by hand so that "dndSchedule": null (clear it) differs from leaving it out.
    private static async Task<Ok<SettingsDto>> Update(JsonElement body, HttpContext http, ParleyDb db, ChatGroups groups, CancellationToken ct)
    {
        if (body.ValueKind != JsonValueKind.Object) throw ParleyError.Invalid("body", "Send a JSON object of settings to change.");
        var me = http.User.UserId();
        var row = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == me, ct);
        var isNew = row is null;
        row ??= UserSettings.Defaults(me);
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
                case "awayAfterMinutes":
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var minutes) || minutes is < 1 or > MaxAwayAfterMinutes)
                        throw ParleyError.Invalid("awayAfterMinutes", $"awayAfterMinutes must be a whole number from 1 to {MaxAwayAfterMinutes}.");
                    row.AwayAfterMinutes = minutes;
                    break;
                case "dndSchedule": Schedule(row, p.Value); break;
            }
        }
        if (isNew) db.UserSettings.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e)) { throw ParleyError.Conflict("body", "Your settings were changed at the same moment elsewhere; try again."); }
        var dto = SettingsDto.From(row);
        await groups.ToUser(me).SettingsChanged(dto);
        return TypedResults.Ok(dto);
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
