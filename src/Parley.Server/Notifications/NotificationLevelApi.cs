using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Events;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Notifications;

/// <summary>PUT /api/rooms/{id}/notifications: what notifies you in this conversation (and pushes to your devices).</summary>
public static class NotificationLevelApi
{
    public static void MapNotificationLevels(this IEndpointRouteBuilder app) =>
        app.MapPut("/api/rooms/{id:guid}/notifications", Set).WithTags("Rooms").RequireAuthorization().WithName("SetNotificationLevel")
            .WithSummary("default (DMs: all; rooms: mentions), all, mentions or none (muted).");

    private static async Task<Ok<NotificationLevelEvent>> Set(Guid id, NotificationLevelRequest req, HttpContext http, ParleyDb db, RoomAccess access,
        IChatAudience groups, CancellationToken ct)
    {
        var level = NotificationLevels.Parse(req.Level)
            ?? throw ParleyError.Invalid("level", "level must be \"default\", \"all\", \"mentions\" or \"none\".");
        var me = http.User.UserId();
        await access.RequireMemberAsync(me, id, ct);
        await db.RoomMembers.Where(m => m.RoomId == id && m.UserId == me).ExecuteUpdateAsync(s => s.SetProperty(m => m.NotificationLevel, level), ct);
        var change = new NotificationLevelEvent(id, level.Wire());
        await groups.ToUser(me).NotificationLevelChanged(change);
        return TypedResults.Ok(change);
    }
}
