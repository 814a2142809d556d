using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;
using Parley.Server.Rooms;

namespace Parley.Server.Administration;

/// <summary>GET /api/admin/rooms, and archive, delete and hand-over under /api/rooms/{id}, over <see cref="RoomAdministration"/>.</summary>
public static class AdminRoomsApi
{
    public static void MapAdminRooms(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/rooms", List).WithTags("Administration").RequireAuthorization().WithName("AdminListRooms")
            .WithSummary("Public and private rooms with member counts, newest first; ?before= the last id of the previous page.");
        var rooms = app.MapGroup("/api/rooms").WithTags("Rooms").RequireAuthorization();
        rooms.MapPost("/{id:guid}/archive", Archive).WithName("ArchiveRoom").WithSummary("Read-only for everyone, hidden from the directory (room owner or admin).");
        rooms.MapPost("/{id:guid}/unarchive", Unarchive).WithName("UnarchiveRoom");
        rooms.MapDelete("/{id:guid}", Delete).WithName("DeleteRoom").WithSummary("The room, its history and files, for good (admins).");
        rooms.MapPost("/{id:guid}/transfer", Transfer).WithName("TransferRoom").WithSummary("Make a member the owner; the old owner becomes a moderator.");
    }

    private static async Task<Ok<List<AdminRoomDto>>> List(string? q, bool? archived, Guid? before, int? limit, HttpContext http, RoomAdministration admin,
        CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(http.User.UserId(), q, archived, before, limit, ct));

    private static async Task<Ok<RoomDto>> Archive(Guid id, HttpContext http, RoomAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ArchiveAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<RoomDto>> Unarchive(Guid id, HttpContext http, RoomAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.UnarchiveAsync(http.User.UserId(), id, ct));

    private static async Task<NoContent> Delete(Guid id, HttpContext http, RoomAdministration admin, CancellationToken ct)
    {
        await admin.DeleteAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RoomDto>> Transfer(Guid id, TransferRoomRequest req, HttpContext http, RoomAdministration admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.TransferAsync(http.User.UserId(), id, req, ct));
}
