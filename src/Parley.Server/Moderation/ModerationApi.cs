using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Rooms;

namespace Parley.Server.Moderation;

/// <summary>Room moderation over REST: the same service the hub's KickMember, BanMember and TimeoutMember call.</summary>
public static class ModerationApi
{
    public static void MapRoomModeration(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms/{roomId:guid}").WithTags("Moderation").RequireAuthorization();
        rooms.MapDelete("/members/{userId:guid}", Kick).WithName("KickMember").WithSummary("Removes someone from the room (body optional: {reason}).");
        rooms.MapPut("/members/{userId:guid}/role", SetRole).WithName("SetRoomRole");
        rooms.MapGet("/bans", Bans).WithName("ListBans");
        rooms.MapPut("/bans/{userId:guid}", Ban).WithName("BanMember");
        rooms.MapDelete("/bans/{userId:guid}", Unban).WithName("UnbanMember");
        rooms.MapPut("/timeouts/{userId:guid}", Timeout).WithName("TimeoutMember");
        rooms.MapDelete("/timeouts/{userId:guid}", LiftTimeout).WithName("LiftTimeout");

        var users = app.MapGroup("/api/admin/users/{userId:guid}").WithTags("Moderation").RequireAuthorization();
        users.MapPut("/timeout", TimeoutEverywhere).WithName("TimeoutEverywhere");
        users.MapDelete("/timeout", LiftTimeoutEverywhere).WithName("LiftTimeoutEverywhere");
    }

    private static async Task<NoContent> Kick(Guid roomId, Guid userId, HttpContext http, RoomModeration moderation, CancellationToken ct)
    {
        // DELETE with an optional body: read it only when one was sent.
        var reason = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0
            ? (await http.Request.ReadFromJsonAsync<KickRequest>(ct))?.Reason
            : null;
        await moderation.KickAsync(http.User.UserId(), roomId, userId, reason, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MemberDto>> SetRole(Guid roomId, Guid userId, RoomRoleRequest req, HttpContext http, RoomModeration moderation, CancellationToken ct) =>
        TypedResults.Ok(await moderation.SetRoleAsync(http.User.UserId(), roomId, userId, req, ct));

    private static async Task<Ok<IReadOnlyList<BanDto>>> Bans(Guid roomId, HttpContext http, RoomModeration moderation, CancellationToken ct) =>
        TypedResults.Ok(await moderation.BansAsync(http.User.UserId(), roomId, ct));

    private static async Task<Ok<BanDto>> Ban(Guid roomId, Guid userId, BanRequest req, HttpContext http, RoomModeration moderation, CancellationToken ct) =>
        TypedResults.Ok(await moderation.BanAsync(http.User.UserId(), roomId, userId, req, ct));

    private static async Task<NoContent> Unban(Guid roomId, Guid userId, HttpContext http, RoomModeration moderation, CancellationToken ct)
    {
        await moderation.UnbanAsync(http.User.UserId(), roomId, userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TimeoutDto>> Timeout(Guid roomId, Guid userId, TimeoutRequest req, HttpContext http, RoomModeration moderation, CancellationToken ct) =>
        TypedResults.Ok(await moderation.TimeoutAsync(http.User.UserId(), roomId, userId, req, ct));

    private static async Task<NoContent> LiftTimeout(Guid roomId, Guid userId, HttpContext http, RoomModeration moderation, CancellationToken ct)
    {
        await moderation.LiftTimeoutAsync(http.User.UserId(), roomId, userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TimeoutDto>> TimeoutEverywhere(Guid userId, TimeoutRequest req, HttpContext http, RoomModeration moderation, CancellationToken ct) =>
        TypedResults.Ok(await moderation.TimeoutEverywhereAsync(http.User.UserId(), userId, req, ct));

    private static async Task<NoContent> LiftTimeoutEverywhere(Guid userId, HttpContext http, RoomModeration moderation, CancellationToken ct)
    {
        await moderation.LiftTimeoutEverywhereAsync(http.User.UserId(), userId, ct);
        return TypedResults.NoContent();
    }
}
