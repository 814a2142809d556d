using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Settings;

/// <summary>GET/PATCH /api/me/settings, over <see cref="SettingsStore"/>. A change reaches the person's other tabs as SettingsChanged.</summary>
public static class SettingsApi
{
    public static void MapSettings(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/me/settings").WithTags("Settings").RequireAuthorization();
        api.MapGet("/", Get).WithName("GetSettings");
        api.MapPatch("/", Update).WithName("UpdateSettings")
            .WithSummary("Change any of dmPolicy, readReceipts, notificationPreview, notificationSound, awayAfterMinutes, dndSchedule (null clears it), signInNotice.");
    }

    private static async Task<Ok<SettingsDto>> Get(HttpContext http, SettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(SettingsDto.From(await store.ForAsync(http.User.UserId(), ct)));

    // A JsonElement, so that "dndSchedule": null (clear it) differs from leaving it out.
    private static async Task<Ok<SettingsDto>> Update(JsonElement body, HttpContext http, SettingsStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.UpdateAsync(http.User.UserId(), body, ct));
}
