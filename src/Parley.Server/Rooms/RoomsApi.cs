using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Server.Accounts;

namespace Parley.Server.Rooms;

public static class RoomsApi
{
    public static void MapRooms(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/api/rooms").WithTags("Rooms").RequireAuthorization();
        rooms.MapGet("/", ListMine).WithName("ListMyRooms").WithSummary("My conversations with last message and unread count, newest activity first.");
        rooms.MapPost("/", Create).WithName("CreateRoom");
        rooms.MapGet("/public", BrowsePublic).WithName("BrowsePublicRooms");
        rooms.MapGet("/{id:guid}", Get).WithName("GetRoom");
        rooms.MapPatch("/{id:guid}", Update).WithName("UpdateRoom").WithSummary("Rename or set the topic (owner only).");
        rooms.MapGet("/{id:guid}/members", Members).WithName("ListMembers");
        rooms.MapPost("/{id:guid}/join", Join).WithName("JoinRoom");
        rooms.MapPost("/{id:guid}/leave", Leave).WithName("LeaveRoom");
        rooms.MapPost("/{id:guid}/invite", Invite).WithName("InviteToRoom");

        app.MapPost("/api/dms", OpenDm).WithTags("Rooms").RequireAuthorization()
            .WithName("OpenDm").WithSummary("The DM (one other person) or group DM (2–9 others) of exactly these people; created if new.");
    }

    private static async Task<Ok<IReadOnlyList<RoomSummary>>> ListMine(HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.ListMineAsync(http.User.UserId(), ct));

    private static async Task<Created<RoomDto>> Create(CreateRoomRequest req, HttpContext http, RoomService rooms, CancellationToken ct)
    {
        var room = await rooms.CreateAsync(http.User.UserId(), req, ct);
        return TypedResults.Created($"/api/rooms/{room.Id}", room);
    }

    private static async Task<Ok<IReadOnlyList<PublicRoom>>> BrowsePublic(string? q, int? limit, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.BrowsePublicAsync(http.User.UserId(), q, limit, ct));

    private static async Task<Ok<RoomDetail>> Get(Guid id, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.GetAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<RoomDto>> Update(Guid id, UpdateRoomRequest req, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.UpdateAsync(http.User.UserId(), id, req, ct));

    private static async Task<Ok<IReadOnlyList<MemberDto>>> Members(Guid id, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.MembersOfAsync(http.User.UserId(), id, ct));

    private static async Task<Ok<RoomSummary>> Join(Guid id, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.JoinAsync(http.User.UserId(), id, ct));

    private static async Task<NoContent> Leave(Guid id, HttpContext http, RoomService rooms, CancellationToken ct)
    {
        await rooms.LeaveAsync(http.User.UserId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<MemberDto>>> Invite(Guid id, InviteRequest req, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.InviteAsync(http.User.UserId(), id, req, ct));

    private static async Task<Results<Created<RoomSummary>, Ok<RoomSummary>>> OpenDm(OpenDmRequest req, HttpContext http, RoomService rooms, CancellationToken ct)
    {
        var (room, created) = await rooms.OpenDmAsync(http.User.UserId(), req, ct);
        return created ? TypedResults.Created($"/api/rooms/{room.Room.Id}", room) : TypedResults.Ok(room);
    }
}
