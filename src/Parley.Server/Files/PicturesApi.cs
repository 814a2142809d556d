using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Server.Accounts;
using Parley.Server.Data;
using Parley.Server.Infrastructure;
using Parley.Server.Rooms;

namespace Parley.Server.Files;

/// <summary>A person's avatar and a room's icon: one picture each (the client crops it square), replaced as a whole.</summary>
public static class PicturesApi
{
    public static void MapPictures(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapPut("/me/avatar", SetAvatar).WithTags("Users").WithName("SetAvatar").DisableAntiforgery().RequireRateLimiting(RateLimits.UploadPolicy)
            .WithSummary("Upload a new avatar (multipart/form-data, part file: PNG, JPEG, WebP or GIF).");
        api.MapDelete("/me/avatar", RemoveAvatar).WithTags("Users").WithName("RemoveAvatar");
        api.MapPut("/rooms/{id:guid}/icon", SetRoomIcon).WithTags("Rooms").WithName("SetRoomIcon").DisableAntiforgery().RequireRateLimiting(RateLimits.UploadPolicy)
            .WithSummary("Upload the room's icon (owner only; multipart/form-data, part file).");
        api.MapDelete("/rooms/{id:guid}/icon", RemoveRoomIcon).WithTags("Rooms").WithName("RemoveRoomIcon");
    }

    private static async Task<Ok<MeDto>> SetAvatar(HttpContext http, FileIntake intake, ProfileService profiles, CancellationToken ct)
    {
        var me = http.User.UserId();
        var file = await intake.ReceiveAsync(http.Request, me, FilePurpose.Avatar, ct);
        return TypedResults.Ok(await profiles.SetAvatarAsync(me, file.Id, ct));
    }

    private static async Task<Ok<MeDto>> RemoveAvatar(HttpContext http, ProfileService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.SetAvatarAsync(http.User.UserId(), null, ct));

    private static async Task<Ok<RoomDto>> SetRoomIcon(Guid id, HttpContext http, RoomService rooms, FileIntake intake, ParleyDb db, CancellationToken ct)
    {
        var me = http.User.UserId();
        await rooms.RequireEditorAsync(me, id, ct); // before a single byte is taken
        var file = await intake.ReceiveAsync(http.Request, me, FilePurpose.RoomIcon, ct);
        await db.Files.Where(f => f.Id == file.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.RoomId, id), ct);
        return TypedResults.Ok(await rooms.SetIconAsync(me, id, file.Id, ct));
    }

    private static async Task<Ok<RoomDto>> RemoveRoomIcon(Guid id, HttpContext http, RoomService rooms, CancellationToken ct) =>
        TypedResults.Ok(await rooms.SetIconAsync(http.User.UserId(), id, null, ct));
}
